/**
 * Calls to the service that served the page, with its session cookie. State-changing requests
 * carry the console header (the server refuses cookie requests without it: a cross-site form
 * cannot send one). Errors become ApiError with the service's own message (Graph error bodies,
 * the simulator's `{error, message}`), ready to show.
 */
export const CONSOLE_HEADER = "x-scimlab-console";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

/** Raised for 401: the session ended (the service restarted); the page says how to log in again. */
export class LoggedOutError extends ApiError {}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json" };
  if (method !== "GET") headers[CONSOLE_HEADER] = "1";
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const body = text === "" ? undefined : safeJson(text);
  if (!response.ok) {
    const { message, code } = describeError(body, response);
    if (response.status === 401) throw new LoggedOutError(401, message, code);
    throw new ApiError(response.status, message, code);
  }
  return body as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describeError(body: unknown, response: Response): { message: string; code: string | null } {
  if (body && typeof body === "object") {
    const graph = (body as { error?: unknown }).error;
    if (graph && typeof graph === "object") {
      const { code, message } = graph as { code?: unknown; message?: unknown };
      return { message: String(message ?? response.statusText), code: typeof code === "string" ? code : null };
    }
    const { message, detail, error } = body as { message?: unknown; detail?: unknown; error?: unknown };
    if (message !== undefined || detail !== undefined) return { message: String(message ?? detail), code: typeof error === "string" ? error : null };
  }
  return { message: `${response.status} ${response.statusText}`, code: null };
}

/** The path and query of a link the service built (its host may be spelled differently). */
export function localPath(link: string): string {
  const url = new URL(link, location.origin);
  return `${url.pathname}${url.search}`;
}

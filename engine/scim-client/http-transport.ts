/**
 * The engine's only way to make HTTP requests. The default is Node's built-in fetch (keep-alive
 * connections through its global dispatcher); unit tests pass a fake. The client wraps every
 * call in `clock.io` and adds the IO_HEADER; a transport only moves bytes.
 */

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | undefined;
  signal: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** Header lookup, case-insensitive. */
  header(name: string): string | null;
  text: string;
}

export type HttpTransport = (request: HttpRequest) => Promise<HttpResponse>;

export const fetchTransport: HttpTransport = async (request) => {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
  });
  const text = await response.text();
  return { status: response.status, header: (name) => response.headers.get(name), text };
};

/** Short cause of a transport failure (ECONNREFUSED, ECONNRESET, …) without request details. */
export function transportCause(error: unknown): string {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code !== "") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.name : "network error";
}

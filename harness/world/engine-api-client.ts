/**
 * The harness's client of an engine's HTTP API (an engine in a child process): JSON in and out,
 * the bearer token, and errors that carry the engine's Graph error message. Plain fetch, never
 * through the world's clock: these calls are the driver's, not the engine's.
 */
export class EngineApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The Graph error code (`error.code`), when the engine answered with a Graph error body. */
    readonly code?: string,
    /** The Graph error message alone (without method, path and status). */
    readonly detail?: string,
  ) {
    super(message);
    this.name = "EngineApiError";
  }
}

export class EngineApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>("GET", path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>("POST", path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>("PUT", path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>("PATCH", path, body);
  }

  delete(path: string): Promise<void> {
    return this.request<void>("DELETE", path);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      let code: string | undefined;
      try {
        const error = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
        message = error?.message ?? text;
        code = error?.code;
      } catch {
        // not JSON: keep the text
      }
      throw new EngineApiError(response.status, `${method} ${path}: ${response.status} ${message}`, code, message);
    }
    return (text === "" ? undefined : JSON.parse(text)) as T;
  }
}

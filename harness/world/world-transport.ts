import { Agent, type Dispatcher } from "undici";
import type { HttpRequest, HttpResponse, HttpTransport } from "../../engine/index";

export type SeverableTransport = HttpTransport & {
  /** Waits for requests in flight, then closes the pool (a graceful stop). */
  close(): Promise<void>;
  /** Resets every connection now, as the death of the process would; requests in flight fail. */
  destroy(): Promise<void>;
};

/**
 * The HTTP transport of one engine incarnation: undici keep-alive pools like the engine's
 * default, plus `destroy()`, so that a simulated crash resets the abandoned engine's connections
 * (the target sees the client go away mid-request) instead of letting them finish.
 */
export function severableTransport(): SeverableTransport {
  const agent = new Agent({ connections: 64, keepAliveTimeout: 30_000, pipelining: 1 });
  const transport = async (request: HttpRequest): Promise<HttpResponse> => {
    const url = new URL(request.url);
    const response = await agent.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: request.method as Dispatcher.HttpMethod,
      headers: request.headers,
      body: request.body,
      signal: request.signal,
    });
    const text = await response.body.text();
    const headers = response.headers;
    return {
      status: response.statusCode,
      header: (name) => {
        const value = headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
      text,
    };
  };
  return Object.assign(transport, {
    close: () => agent.close(),
    destroy: () => agent.destroy(new Error("the engine process died")).catch(() => undefined),
  });
}

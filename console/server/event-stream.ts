import type { Request, Response } from "express";

/** One server-sent-events connection. */
export interface EventStream {
  send(event: string, data: unknown): void;
  readonly closed: boolean;
  /** Called once when the client goes away or the stream is closed. */
  onClose(listener: () => void): void;
  close(): void;
}

/** @default 15 s between keep-alive comments */
const HEARTBEAT_MS = 15_000;

/**
 * Turns the response into an event stream (`text/event-stream`). A comment is written every
 * 15 seconds so that browsers and proxies keep an idle stream open; the client reconnects by
 * itself after 2 seconds when the connection drops.
 */
export function openEventStream(req: Request, res: Response, options: { heartbeatMs?: number } = {}): EventStream {
  res.writeHead(200, {
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-store",
    Connection: "keep-alive",
    "X-Accel-Buffering": "no",
  });
  res.write("retry: 2000\n: connected\n\n");
  const listeners: Array<() => void> = [];
  let closed = false;
  const heartbeat = setInterval(() => res.write(": ping\n\n"), options.heartbeatMs ?? HEARTBEAT_MS); // real-time: keeps an idle connection open
  const finish = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const listener of listeners.splice(0)) listener();
  };
  req.on("close", finish);
  res.on("close", finish);
  return {
    send(event, data) {
      if (closed) return;
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    get closed() {
      return closed;
    },
    onClose(listener) {
      if (closed) listener();
      else listeners.push(listener);
    },
    close() {
      finish();
      res.end();
    },
  };
}

import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Express } from "express";

export interface Listening {
  /** e.g. http://127.0.0.1:8090 */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves `app` on `host:port` (127.0.0.1 by default; port 0 picks a free one). */
export async function listen(app: Express, options: { port?: number; host?: string } = {}): Promise<Listening> {
  const host = options.host ?? "127.0.0.1";
  const server: Server = createServer(app);
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

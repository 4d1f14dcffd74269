import type { Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** Listens on host:port (port 0 picks a free one) and resolves with the port bound; a bind error rejects. */
export async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/**
 * The server's open sockets, so that a stop can cut them: a kept-alive or deliberately hung
 * connection (a `hang` fault) would otherwise hold `server.close()` open indefinitely.
 */
export function trackSockets(server: Server, sockets: Set<Socket> = new Set()): Set<Socket> {
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return sockets;
}

/** Stops listening, destroys every tracked socket and resolves once the server has closed. */
export async function closeCuttingConnections(server: Server, sockets: Set<Socket>): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await closed;
}

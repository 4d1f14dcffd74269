/**
 * Seen in CI: the world mailer's test timed out in its teardown. A pooled SMTP client that never
 * said QUIT kept a connection open, and smtp-server's close() waits 30 s for open connections
 * before it ends them, so MailCatcher.stop() held every shutdown (a test's, the engine's) that long.
 * Now the catcher tells such clients 421 after a short grace and stops.
 */
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../common/logger";
import { VirtualClock } from "../../common/virtual-clock";
import { MailCatcher, MailStore } from "../../engine/notifications/index";

let socket: Socket | undefined;
afterEach(() => socket?.destroy());

describe("the mail catcher's stop waited for a pooled client", () => {
  it("ends a connection that never said QUIT with 421 and stops, well inside the test's timeout", async () => {
    const catcher = new MailCatcher({ clock: new VirtualClock({ start: 0 }), store: MailStore.inMemory(), logger: silentLogger() });
    const { host, port } = await catcher.start();
    let received = "";
    const closed = new Promise<void>((resolve) => {
      socket = connect(port, host);
      socket.on("data", (chunk) => (received += chunk.toString()));
      socket.on("close", () => resolve());
    });
    await expect.poll(() => received, { timeout: 2_000 }).toMatch(/^220 /);
    socket!.write("EHLO pooled.example\r\n");
    await expect.poll(() => received, { timeout: 2_000 }).toMatch(/250[ -]/);
    await catcher.stop();
    await closed;
    expect(received).toMatch(/421 /);
  }, 5_000);
});

/**
 * An SMTP server outside the engine process, so mail delivered before a SIGKILL is still counted
 * after it: every accepted message with its Message-ID and arrival time.
 */
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  messageId: string;
  receivedAt: number;
  subject: string;
}

export interface MailSink {
  port: number;
  received: ReceivedMail[];
  close(): Promise<void>;
}

export async function startMailSink(): Promise<MailSink> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      stream.on("end", () => {
        const headers = raw.split(/\r?\n\r?\n/)[0] ?? "";
        const unfolded = headers.replace(/\r?\n[ \t]+/g, " ");
        received.push({
          messageId: /^message-id:\s*(\S+)/im.exec(unfolded)?.[1] ?? "(none)",
          subject: /^subject:\s*(.*)$/im.exec(unfolded)?.[1] ?? "",
          receivedAt: Date.now(), // real-time: when the message arrived, for the report
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

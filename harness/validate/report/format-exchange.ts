/** An exchange as text, for the console and JUnit: request line, headers, body, then the answer. */
import type { RecordedExchange } from "../http/exchange";

const MAX_BODY = 2000;

export function bodyText(body: unknown): string {
  if (body === undefined) return "";
  const text = typeof body === "string" ? body : JSON.stringify(body, null, 2);
  return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}\n… (${text.length - MAX_BODY} more characters)` : text;
}

export function requestLine(x: RecordedExchange): string {
  return `${x.request.method} ${x.request.url}`;
}

export function formatExchange(x: RecordedExchange, indent = ""): string {
  const lines = [`> ${requestLine(x)}`];
  for (const [name, value] of Object.entries(x.request.headers)) lines.push(`> ${name}: ${value}`);
  if (x.request.body !== undefined) lines.push(...bodyText(x.request.body).split("\n").map((l) => `> ${l}`));
  if (!x.sent) lines.push("(not sent: dry run)");
  else if (x.response === null) lines.push(`< no answer: ${x.error ?? "unknown"}`);
  else {
    lines.push(`< ${x.response.status} (${x.ms} ms)`);
    for (const [name, value] of Object.entries(x.response.headers)) lines.push(`< ${name}: ${value}`);
    if (x.response.body !== undefined) lines.push(...bodyText(x.response.body).split("\n").map((l) => `< ${l}`));
  }
  return lines.map((l) => indent + l).join("\n");
}

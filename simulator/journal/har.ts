/** Exports journal entries as HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), which browsers' devtools open. */
import type { JournalEntry } from "./journal";

export interface Har {
  log: {
    version: "1.2";
    creator: { name: string; version: string };
    entries: HarEntry[];
  };
}

interface NameValue {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: NameValue[];
    headers: NameValue[];
    queryString: NameValue[];
    postData?: { mimeType: string; text: string };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: NameValue[];
    headers: NameValue[];
    content: { size: number; mimeType: string; text?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  comment?: string;
}

const STATUS_TEXT: Record<number, string> = {
  200: "OK", 201: "Created", 204: "No Content", 304: "Not Modified", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
  404: "Not Found", 405: "Method Not Allowed", 409: "Conflict", 412: "Precondition Failed", 413: "Payload Too Large", 429: "Too Many Requests",
  500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
};

function pairs(record: Record<string, unknown>): NameValue[] {
  const out: NameValue[] = [];
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) out.push({ name, value: String(v) });
    else out.push({ name, value: String(value) });
  }
  return out;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function toHar(entries: JournalEntry[], origin: string, version = "0.1.0"): Har {
  return {
    log: {
      version: "1.2",
      creator: { name: "scimlab simulator", version },
      entries: entries.map((e) => {
        const requestText = e.requestBody === undefined ? undefined : text(e.requestBody);
        const responseText = e.responseBody === undefined ? undefined : text(e.responseBody);
        const contentType = String(e.responseHeaders["Content-Type"] ?? e.responseHeaders["content-type"] ?? "application/scim+json");
        const search = new URLSearchParams();
        for (const [k, v] of Object.entries(e.query)) for (const item of Array.isArray(v) ? v : [v]) search.append(k, item);
        const qs = search.toString();
        return {
          startedDateTime: e.time,
          time: e.latencyMs,
          request: {
            method: e.method,
            url: `${origin}${e.path}${qs ? `?${qs}` : ""}`,
            httpVersion: "HTTP/1.1",
            cookies: [],
            headers: pairs(e.requestHeaders),
            queryString: pairs(e.query),
            ...(requestText !== undefined ? { postData: { mimeType: String(e.requestHeaders["content-type"] ?? "application/scim+json"), text: requestText } } : {}),
            headersSize: -1,
            bodySize: requestText === undefined ? 0 : Buffer.byteLength(requestText),
          },
          response: {
            // HAR has no "no response": 0 is what browsers record for a failed request.
            status: e.status ?? 0,
            statusText: e.status === undefined ? "" : (STATUS_TEXT[e.status] ?? ""),
            httpVersion: "HTTP/1.1",
            cookies: [],
            headers: pairs(e.responseHeaders),
            content: { size: responseText === undefined ? 0 : Buffer.byteLength(responseText), mimeType: contentType, ...(responseText !== undefined ? { text: responseText } : {}) },
            redirectURL: "",
            headersSize: -1,
            bodySize: responseText === undefined ? (e.status === undefined ? -1 : 0) : Buffer.byteLength(responseText),
          },
          cache: {},
          timings: { send: 0, wait: e.latencyMs, receive: 0 },
          ...(e.faults.length > 0 ? { comment: `faults: ${e.faults.join(", ")}` } : {}),
        };
      }),
    },
  };
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestAbort, undiciTransport } from "./http-transport";

/** A loopback server that records what it received and answers as each test says. */
let server: Server;
let base: string;
const seen: Array<{ method: string; url: string; headers: IncomingMessage["headers"]; body: string }> = [];
let answer: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const transport = undiciTransport({ connections: 4 });
afterAll(() => transport.close());

function request(url: string, init: { method?: string; body?: string; headers?: Record<string, string>; signal?: AbortSignal } = {}) {
  return transport({ method: init.method ?? "GET", url, headers: init.headers ?? {}, body: init.body, signal: init.signal ?? new AbortController().signal });
}

describe("undiciTransport", () => {
  it("sends method, path, query, headers and body, and returns status, headers and text", async () => {
    answer = (_req, res) => {
      res.statusCode = 201;
      res.setHeader("Content-Type", "application/scim+json");
      res.setHeader("X-Many", ["a", "b"]);
      res.end(JSON.stringify({ id: "é1" }));
    };
    const response = await request(`${base}/scim/v2/Users?filter=userName%20eq%20%22a%40b.example%22`, {
      method: "POST",
      body: '{"userName":"ü"}',
      headers: { authorization: "Bearer t", "content-type": "application/scim+json" },
    });
    expect(response.status).toBe(201);
    expect(response.text).toBe('{"id":"é1"}');
    expect(response.header("content-type")).toBe("application/scim+json");
    expect(response.header("CONTENT-TYPE")).toBe("application/scim+json");
    expect(response.header("x-many")).toBe("a, b");
    expect(response.header("retry-after")).toBeNull();
    const got = seen.at(-1)!;
    expect(got).toMatchObject({ method: "POST", url: '/scim/v2/Users?filter=userName%20eq%20%22a%40b.example%22', body: '{"userName":"ü"}' });
    expect(got.headers.authorization).toBe("Bearer t");
  });

  it("drops a UTF-8 byte-order mark and reads an empty body as empty text", async () => {
    answer = (_req, res) => res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]));
    expect((await request(`${base}/x`)).text).toBe('{"a":1}');
    answer = (_req, res) => {
      res.statusCode = 204;
      res.end();
    };
    const empty = await request(`${base}/x`, { method: "DELETE" });
    expect(empty).toMatchObject({ status: 204, text: "" });
  });

  it("sends the path new URL() would send when it rewrites one (dot segments, spaces, quotes)", async () => {
    answer = (_req, res) => res.end();
    for (const path of ["/a/b/../c", "/a/./b", "/a/%2E%2E/b", "/a b", "/a?x='1'", "/a?", "/Users/caf%C3%A9", "/Users?filter=x%20eq%20%22y%22"]) {
      await request(`${base}${path}`);
      const expected = new URL(`${base}${path}`);
      expect(seen.at(-1)!.url, path).toBe(expected.pathname + expected.search);
    }
  });

  it("rejects when the signal aborts while the target has not answered, and after an abort given up front", async () => {
    let arrived!: () => void;
    const atServer = new Promise<void>((resolve) => (arrived = resolve));
    answer = () => arrived(); // never answers
    const controller = new AbortController();
    const pending = request(`${base}/hang`, { signal: controller.signal });
    await atServer;
    controller.abort();
    await expect(pending).rejects.toThrow();
    await expect(request(`${base}/hang`, { signal: AbortSignal.abort() })).rejects.toThrow();
  });

  it("takes the abort as onAbort from a RequestAbort, before or after the request reached the target", async () => {
    let arrived!: () => void;
    const atServer = new Promise<void>((resolve) => (arrived = resolve));
    answer = () => arrived(); // never answers
    const late = new RequestAbort();
    const pending = transport({ method: "GET", url: `${base}/hang`, headers: {}, onAbort: late.onAbort, get signal() { return late.signal; } });
    await atServer;
    late.abort();
    await expect(pending).rejects.toThrow("aborted");
    const early = new RequestAbort();
    early.abort();
    await expect(transport({ method: "GET", url: `${base}/hang`, headers: {}, onAbort: early.onAbort, get signal() { return early.signal; } })).rejects.toThrow("aborted");
  });

  it("makes a RequestAbort's signal only when asked, aborted if the abort came first", () => {
    const before = new RequestAbort();
    const signal = before.signal;
    expect(signal.aborted).toBe(false);
    before.abort();
    expect(signal.aborted).toBe(true);
    const after = new RequestAbort();
    after.abort();
    expect(after.signal.aborted).toBe(true);
  });

  it("rejects with the cause when the target cannot be reached", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(request(`http://127.0.0.1:${port}/x`)).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});

import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createMailRouter } from "./mail-router";
import { MailStore } from "./mail-store";

const T0 = Date.parse("2026-01-05T09:00:00.000Z");

function world() {
  const store = MailStore.inMemory();
  for (const [i, to] of ["a@example.com", "b@example.com", "a@example.com"].entries()) {
    store.add({
      messageId: `<m${i}@localhost>`,
      receivedAt: T0 + i * 60_000,
      envelope: { from: "scimlab-provisioning@localhost", to: [to] },
      from: "scimlab-provisioning@localhost",
      to: [to],
      subject: i === 1 ? "Deletions held" : "In quarantine",
      headers: { subject: "x" },
      text: "body",
      html: null,
      size: 100,
      raw: `Message-ID: <m${i}@localhost>\r\n\r\nbody`,
    });
  }
  const app = express();
  app.use("/_engine/mail", createMailRouter(store));
  return { app, store };
}

describe("GET /_engine/mail", () => {
  it("lists caught mail oldest first with a count, filtered and paged", async () => {
    const { app } = world();
    const all = await request(app).get("/_engine/mail").expect(200);
    expect(all.body.count).toBe(3);
    expect(all.body.value.map((m: { messageId: string }) => m.messageId)).toEqual(["<m0@localhost>", "<m1@localhost>", "<m2@localhost>"]);
    const toA = await request(app).get("/_engine/mail").query({ to: "a@example.com", top: 1, skip: 1 }).expect(200);
    expect(toA.body).toMatchObject({ count: 2, value: [{ messageId: "<m2@localhost>", receivedAt: "2026-01-05T09:02:00.000Z" }] });
    const since = await request(app).get("/_engine/mail").query({ since: "2026-01-05T09:01:00Z", subject: "held" }).expect(200);
    expect(since.body.value.map((m: { id: number }) => m.id)).toEqual([2]);
  });

  it("reads one message, its raw text, and 404s an unknown id", async () => {
    const { app } = world();
    expect((await request(app).get("/_engine/mail/2").expect(200)).body).toMatchObject({ id: 2, subject: "Deletions held" });
    const raw = await request(app).get("/_engine/mail/2/raw").expect(200);
    expect(raw.headers["content-type"]).toMatch(/message\/rfc822/);
    expect(raw.text).toContain("Message-ID: <m1@localhost>");
    expect((await request(app).get("/_engine/mail/99").expect(404)).body.error.code).toBe("NotFound");
  });

  it("rejects bad query parameters with a Graph error body", async () => {
    const { app } = world();
    expect((await request(app).get("/_engine/mail?top=0").expect(400)).body.error.message).toMatch(/top must be/);
    expect((await request(app).get("/_engine/mail?skip=-1").expect(400)).body.error.message).toMatch(/skip must be/);
    expect((await request(app).get("/_engine/mail?since=yesterday").expect(400)).body.error.message).toMatch(/since must be/);
  });

  it("DELETE empties the catcher", async () => {
    const { app, store } = world();
    await request(app).delete("/_engine/mail").expect(204);
    expect(store.count()).toBe(0);
  });
});

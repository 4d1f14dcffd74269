import { describe, expect, it } from "vitest";
import { ConsoleSessions } from "./console-sessions";

describe("console sessions", () => {
  it("redeems a login token once, for a session", () => {
    const sessions = new ConsoleSessions("engine");
    const token = sessions.issueLoginToken();
    const session = sessions.redeem(token);
    expect(session).toMatch(/^[\w-]{40,}$/);
    expect(sessions.has(session!)).toBe(true);
    expect(sessions.redeem(token)).toBeNull();
    expect(sessions.redeem("made-up")).toBeNull();
  });

  it("knows only its own sessions, and forgets ended ones", () => {
    const a = new ConsoleSessions("engine");
    const b = new ConsoleSessions("engine");
    const session = a.openSession();
    expect(b.has(session)).toBe(false);
    expect(a.has(undefined)).toBe(false);
    expect(a.has("")).toBe(false);
    a.end(session);
    expect(a.has(session)).toBe(false);
    expect(a.cookieName).not.toBe(b.cookieName);
    expect(a.cookieName).toMatch(/^scimlab_engine_[0-9a-f]{8}$/);
  });
});

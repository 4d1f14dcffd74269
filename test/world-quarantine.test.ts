/**
 * Quarantine in the built-in world: the engine's real machine on the world's clock, mail over a
 * real SMTP conversation to the world's catcher, the job-event audit as the world's events.
 */
import { describe, expect, it } from "vitest";
import { passes, withWorld } from "./world-helpers";

describe("built-in world: quarantine and mail", () => {
  it("revoked credentials: quarantine, backoff, the first mail a day later, recovery once they work again", async () => {
    const result = await passes({
      name: "credentials",
      seed: 7,
      directory: { users: 10 },
      job: { interval: "40m", notifications: { recipients: ["admin@example.com"] } },
      steps: [
        { cycle: "initial" },
        { fault: { id: "creds", preset: "invalid-credentials" } },
        { directory: { update: { user: { all: true }, set: { jobTitle: "Changed" } } } },
        { advance: "40m" },
        {
          expect: {
            job: {
              code: "Quarantine",
              quarantine: { reason: "EncounteredQuarantineException", seriesCount: 0, nextAttempt: { in: "40m" } },
              schedule: { state: "Active" },
            },
          },
        },
        { advance: "1d" },
        {
          expect: {
            mail: { count: 1, kind: "quarantine", to: "admin@example.com", sentAt: { at: "1d40m" }, subject: { match: "quarantine" } },
            invariants: ["no-secret-leak"],
          },
        },
        { fault: { remove: "creds" } },
        { advance: "next-cycle" },
        { expect: { job: { code: "Active", quarantine: null }, target: { users: 10 }, invariants: ["target-matches-directory"] } },
      ],
    });
    const quarantine = result.timeline.filter((e) => e.kind === "quarantine");
    expect(quarantine).toHaveLength(1);
    expect(quarantine[0]).toMatchObject({ at: 40 * 60_000, reason: "EncounteredQuarantineException" });
    // Attempts at 80m, 160m, 320m, … after entering: each a backoff mark on the timeline.
    const attempts = result.timeline.filter((e) => e.kind === "backoff").map((e) => e.at - 40 * 60_000);
    expect(attempts.slice(0, 4)).toEqual([40, 120, 280, 600].map((m) => m * 60_000));
    expect(result.timeline.filter((e) => e.kind === "mail")).toHaveLength(1);
  });

  it("quarantine on demand holds the job until it is started again", async () => {
    await passes({
      name: "on demand",
      directory: { users: 2 },
      steps: [
        { cycle: "initial" },
        { api: "quarantine" },
        { expect: { job: { code: "Quarantine", quarantine: { reason: "QuarantinedOnDemand" } } } },
        { directory: { generate: 1 } },
        { advance: "3h" },
        { expect: { target: { users: 2 } } },
        { api: "start" },
        { advance: "next-cycle" },
        { expect: { job: { code: "Active", quarantine: null }, target: { users: 3 } } },
      ],
    });
  });

  it("sends the mail over SMTP with the world's password, and keeps the password out of everything it shows", async () => {
    await withWorld(
      { name: "mail", directory: { users: 2 }, job: { notifications: { recipients: ["ops@example.com", "it@example.com"] } } },
      async (world) => {
        await world.engine.runCycle();
        await world.engine.call({ call: "quarantine" });
        await world.clock.advanceTo(world.clock.now() + 25 * 60 * 60_000);
        const mails = await world.mails();
        expect(mails).toHaveLength(1);
        expect(mails[0]).toMatchObject({ kind: "quarantine", to: ["ops@example.com", "it@example.com"] });
        expect(mails[0]!.messageId).toMatch(/^<scimlab\.quarantine\.0\./);
        const shown = JSON.stringify([mails, await world.events(), await world.engine.job(), await world.diagnostics()]);
        expect(world.secrets()).toHaveLength(3);
        for (const secret of world.secrets()) expect(shown).not.toContain(secret);
        const events = await world.events();
        expect(events.filter((e) => e.type === "quarantine").map((e) => e.type === "quarantine" && e.change)[0]).toBe("entered");
      },
    );
  });
});

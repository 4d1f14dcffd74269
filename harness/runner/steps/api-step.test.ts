import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../common/config-error";
import { parseScenarioYaml } from "../../scenario/load-scenario";
import { Matcher } from "../../scenario/matcher";
import { runFake } from "../../testing/run-fake";
import { StepFailed } from "../step-context";
import { checkCredentialAnswer } from "./api-step";

const TIMES = { now: 0, start: 0 };
const REJECTED = {
  ok: false as const,
  status: 400,
  code: "SystemForCrossDomainIdentityManagementCredentialValidationFailure",
  message: "GET /Users answered 401",
};

function apiStepOf(yaml: string) {
  const step = parseScenarioYaml(`name: x\nsteps:\n  - api: ${yaml}\n`, "vc.yaml").steps[0]!;
  if (step.kind !== "api") throw new Error("not an api step");
  return step.api;
}

function failureOf(run: () => void): StepFailed {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StepFailed);
    return error as StepFailed;
  }
  throw new Error("expected the step to fail");
}

describe("api: validateCredentials in scenario files", () => {
  it("tests the saved credentials by default and expects ok", () => {
    expect(apiStepOf("{ validateCredentials: {} }")).toEqual({ call: "validateCredentials", expect: "ok" });
  });

  it("takes a token, credentials and an expected error code (a string or a matcher)", () => {
    expect(apiStepOf("{ validateCredentials: { token: wrong, expect: { error: Unauthorized } } }")).toEqual({
      call: "validateCredentials",
      token: "wrong",
      expect: { error: "Unauthorized" },
    });
    const step = apiStepOf("{ validateCredentials: { credentials: { Oauth2ClientSecret: s }, expect: { error: { match: Credential } } } }");
    expect(step).toMatchObject({ call: "validateCredentials", credentials: { Oauth2ClientSecret: "s" } });
    expect((step as { expect: { error: unknown } }).expect.error).toBeInstanceOf(Matcher);
  });

  it("rejects unknown fields and a bad expectation with a message naming the fix", () => {
    const unknown = (() => {
      try {
        apiStepOf("{ validateCredentials: { tokn: x } }");
      } catch (error) {
        return error;
      }
    })();
    expect(unknown).toBeInstanceOf(ConfigError);
    expect((unknown as Error).message).toContain("did you mean token?");
    expect(() => apiStepOf("{ validateCredentials: { expect: fine } }")).toThrow(/expected ok, or \{error: code\}/);
  });
});

describe("the answer of validateCredentials against the expectation", () => {
  it("ok expected: passes on ok, fails with the engine's code and message otherwise", () => {
    expect(() => checkCredentialAnswer("ok", { ok: true }, TIMES)).not.toThrow();
    const failed = failureOf(() => checkCredentialAnswer("ok", REJECTED, TIMES));
    expect(failed.message).toBe(
      "validateCredentials: expected the credentials to be accepted, the engine answered 400 " +
        "SystemForCrossDomainIdentityManagementCredentialValidationFailure (GET /Users answered 401)",
    );
    expect(failed.mismatches[0]).toMatchObject({ path: "validateCredentials", expected: "ok", actual: { error: REJECTED.code } });
  });

  it("an error expected: the code must match (exactly, or by a matcher), and ok is a failure", () => {
    expect(() => checkCredentialAnswer({ error: REJECTED.code }, REJECTED, TIMES)).not.toThrow();
    expect(() => checkCredentialAnswer({ error: new Matcher({ match: "CredentialValidation" }) }, REJECTED, TIMES)).not.toThrow();
    const wrongCode = failureOf(() => checkCredentialAnswer({ error: "Unauthorized" }, REJECTED, TIMES));
    expect(wrongCode.mismatches[0]).toMatchObject({ path: "validateCredentials.error", expected: "Unauthorized", actual: REJECTED.code });
    const accepted = failureOf(() => checkCredentialAnswer({ error: "Unauthorized" }, { ok: true }, TIMES));
    expect(accepted.message).toBe('validateCredentials: expected the error "Unauthorized", the target accepted the credentials');
  });
});

describe("api: validateCredentials, in a fake world", () => {
  it("passes the saved credentials or the given token to the engine and reports the answer", async () => {
    const { result, world } = await runFake({
      steps: [
        { api: { validateCredentials: {} } },
        { api: { validateCredentials: { token: "not-saved", expect: { error: { match: "CredentialValidationFailure" } } } } },
        { fault: { id: "creds", preset: "invalid-credentials" } },
        { api: { validateCredentials: { expect: "ok" } } },
      ],
    });
    expect(result.steps.map((s) => s.status)).toEqual(["passed", "passed", "passed", "failed"]);
    expect(result.steps[0]!.detail).toBe("validateCredentials (saved credentials): ok");
    expect(result.steps[1]!.detail).toContain("validateCredentials: 400 SystemForCrossDomainIdentityManagementCredentialValidationFailure");
    expect(result.failure!.message).toContain("expected the credentials to be accepted");
    expect(world.fakeTarget.journal.filter((e) => e.operation === "query")).toHaveLength(3);
  });
});

/**
 * A check: one rule a SCIM endpoint must follow for the provisioning service to work with it,
 * tested with real requests. Each has a stable id, a title, the rule it follows (RFC section or
 * Entra documentation) and, when it fails, a message saying what is wrong and what to fix, with
 * the exchange that showed it.
 */
import type { RecordedExchange } from "../http/exchange";
import type { ProbeResponse } from "../http/probe-client";
import type { CheckContext } from "./check-context";

export interface Rule {
  /** e.g. "RFC 7644 §3.4.2.2" or "Entra: Develop a SCIM endpoint". */
  source: string;
  url: string;
  /** The rule in one sentence. */
  text: string;
}

export type CheckGroup = "discovery" | "connection" | "users" | "groups" | "filter" | "errors" | "pagination" | "etag" | "live";

export interface Check {
  id: string;
  title: string;
  group: CheckGroup;
  rule: Rule;
  /** Checks that must have passed first (their state is used); otherwise this one is skipped. */
  needs?: string[];
  run(ctx: CheckContext): Promise<void>;
}

/** passed / failed; skipped (not applicable, or a needed check failed); planned (dry run); notRun (interrupted). */
export type CheckStatus = "passed" | "failed" | "skipped" | "planned" | "notRun";

export interface CheckResult {
  id: string;
  title: string;
  group: CheckGroup;
  rule: Rule;
  status: CheckStatus;
  /** What went wrong (failed), or why it was skipped. */
  message?: string;
  /** What to change on the endpoint. */
  fix?: string;
  /** Things that work but deviate (the check still passes). */
  warnings: string[];
  /** Every request of the check, in order. */
  exchanges: RecordedExchange[];
  /** Index into `exchanges` of the one that showed the failure. */
  failedExchange?: number;
  ms: number;
}

/** Thrown by a check: the rule is broken. */
export class CheckFailure extends Error {
  constructor(
    message: string,
    readonly fix: string,
    /** The answer that showed it; the report points at its exchange. */
    readonly response?: ProbeResponse,
  ) {
    super(message);
    this.name = "CheckFailure";
  }
}

/** Thrown by a check that does not apply (e.g. ETags not advertised). */
export class CheckSkipped extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "CheckSkipped";
  }
}

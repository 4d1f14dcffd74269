/**
 * Runs the planned checks one after the other against the target, then removes everything they
 * created, also when interrupted: an aborted `signal` stops the checks (requests in flight are
 * cancelled) and cleanup runs with its own signal, which a second Ctrl-C aborts.
 *
 * `--dry-run` runs the same plan against a local stand-in (a simulator with the same profile and
 * credentials) while every request keeps the target's URL: the report lists exactly the requests
 * validate would send, and nothing reaches the target. Ids in the list are the stand-in's.
 */
import { randomBytes } from "node:crypto";
import { SystemClock } from "../../common/clock";
import { SecretRegistry } from "../../common/redact";
import { entraMappingCatalog } from "../../engine/mapping/index";
import { createTargetAuth, type TargetCredentials } from "../../engine/scim-client/target-auth";
import { startTarget, type Target } from "../../simulator/index";
import { CheckContext } from "./checks/check-context";
import { CheckFailure, CheckSkipped, type Check, type CheckResult } from "./checks/check-types";
import { Subjects } from "./checks/subjects";
import { ResourceTracker } from "./cleanup/resource-tracker";
import { ExchangeRecorder, type RecordedExchange } from "./http/exchange";
import { ProbeClient, wireTransport } from "./http/probe-client";
import { describeTransportError, recordingWire } from "./http/recording-wire";
import { fetchWire, redirectWire, type Wire } from "./http/wire";
import { planChecks } from "./plan";
import type { ValidateConfig } from "./validate-config";
import { countStatuses, type ValidationResult } from "./validation-result";

export interface RunOptions {
  /** Aborting stops the checks; cleanup still runs. */
  signal?: AbortSignal;
  /** Aborting stops cleanup too (a second Ctrl-C). */
  cleanupSignal?: AbortSignal;
  /** Called as each check ends (progress output). */
  onCheck?: (result: CheckResult) => void;
  /** Replaces the plan (tests). */
  checks?: Check[];
  /** The HTTP layer under the recording (tests). @default Node's fetch */
  wire?: Wire;
  /** The run prefix. @default scimlab-<8 hex>- */
  prefix?: string;
}

export async function runValidation(config: ValidateConfig, options: RunOptions = {}): Promise<ValidationResult> {
  const started = Date.now(); // real-time: wall time of a run against a real endpoint
  const prefix = options.prefix ?? `scimlab-${randomBytes(4).toString("hex")}-`;
  const secrets = new SecretRegistry();
  secrets.add(config.auth.kind === "bearer" ? config.auth.token : config.auth.clientSecret);
  const recorder = new ExchangeRecorder();
  const standIn = config.dryRun ? await startStandIn(config) : undefined;
  let wire: Wire = options.wire ?? fetchWire;
  if (standIn) {
    const routes = [{ from: config.target, to: standIn.baseUrl }];
    if (config.auth.kind === "oauth") routes.push({ from: config.auth.tokenUrl, to: standIn.tokenUrl });
    wire = redirectWire(wire, routes);
  }
  wire = recordingWire(wire, { recorder, secrets, dryRun: config.dryRun });

  const controller = new AbortController();
  const forward = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) forward();
  options.signal?.addEventListener("abort", forward, { once: true });
  const client = clientFor(config, wire, controller.signal);
  const tracker = new ResourceTracker(prefix);
  const ctx = new CheckContext(client, tracker, new Subjects(prefix, entraMappingCatalog), config, wire);

  const results: CheckResult[] = [];
  try {
    for (const check of options.checks ?? planChecks(config)) {
      const result = await runCheck(check, ctx, recorder, results, controller.signal);
      results.push(result);
      options.onCheck?.(result);
    }
  } finally {
    options.signal?.removeEventListener("abort", forward);
  }

  const cleanupController = new AbortController();
  const stopCleanup = () => cleanupController.abort();
  options.cleanupSignal?.addEventListener("abort", stopCleanup, { once: true });
  const cleanupExchanges = recorder.collect();
  let cleanup: ValidationResult["cleanup"];
  try {
    await ctx.finish();
    const report = await tracker.cleanup(clientFor(config, wire, cleanupController.signal));
    cleanup = { ...report, exchanges: cleanupExchanges };
  } catch (error) {
    cleanup = { deleted: 0, leftovers: [], exchanges: cleanupExchanges, error: `cleanup stopped: ${describe(error)}; resources named ${prefix}* may remain` };
  } finally {
    options.cleanupSignal?.removeEventListener("abort", stopCleanup);
    await standIn?.close();
  }

  const counts = countStatuses(results);
  const interrupted = controller.signal.aborted;
  return {
    tool: "scimlab",
    command: "validate",
    target: secrets.scrub(config.target),
    profile: config.profile,
    dialects: config.dialects,
    prefix,
    dryRun: config.dryRun,
    startedAt: new Date(started).toISOString(),
    wallMs: Date.now() - started, // real-time: see above
    status: interrupted ? "interrupted" : counts.failed > 0 || cleanup.leftovers.length > 0 || cleanup.error ? "failed" : "passed",
    counts,
    checks: results,
    cleanup,
  };
}

async function runCheck(check: Check, ctx: CheckContext, recorder: ExchangeRecorder, done: readonly CheckResult[], signal: AbortSignal): Promise<CheckResult> {
  const base = { id: check.id, title: check.title, group: check.group, rule: check.rule };
  if (signal.aborted) return { ...base, status: "notRun", message: "interrupted before it ran", warnings: [], exchanges: [], ms: 0 };
  const unmet = (check.needs ?? []).filter((id) => done.find((r) => r.id === id)?.status !== (ctx.dryRun ? "planned" : "passed"));
  if (unmet.length) return { ...base, status: "skipped", message: `needs ${unmet.join(", ")}, which did not pass`, warnings: [], exchanges: [], ms: 0 };
  const exchanges = recorder.collect();
  const warnings = ctx.collectWarnings();
  const started = performance.now(); // real-time: check duration for the report
  const finish = (rest: Partial<CheckResult> & Pick<CheckResult, "status">): CheckResult => ({
    ...base,
    warnings,
    exchanges,
    ms: Math.round(performance.now() - started), // real-time: see above
    ...rest,
  });
  try {
    await check.run(ctx);
    return finish({ status: ctx.dryRun ? "planned" : "passed" });
  } catch (error) {
    if (signal.aborted) return finish({ status: "notRun", message: "interrupted" });
    if (error instanceof CheckSkipped) return finish({ status: "skipped", message: error.message });
    if (ctx.dryRun) return finish({ status: "planned" });
    if (error instanceof CheckFailure) {
      const at = error.response?.exchange ? exchanges.indexOf(error.response.exchange) : lastFailing(exchanges);
      return finish({ status: "failed", message: error.message, fix: error.fix, ...(at >= 0 ? { failedExchange: at } : {}) });
    }
    const at = exchanges.length - 1;
    const unreachable = exchanges[at]?.error;
    return finish({
      status: "failed",
      message: unreachable ? `the endpoint did not answer: ${unreachable}` : `the check could not complete: ${describe(error)}`,
      fix: unreachable ? "check that --target is the SCIM base URL and that the endpoint is reachable from here" : "see the exchanges; if they look right, report this as a scimlab bug",
      ...(at >= 0 ? { failedExchange: at } : {}),
    });
  }
}

function lastFailing(exchanges: readonly RecordedExchange[]): number {
  const first = exchanges.findIndex((x) => x.error !== undefined || (x.response !== null && x.response.status >= 400));
  return first;
}

function describe(error: unknown): string {
  const transport = describeTransportError(error);
  return error instanceof Error && transport === error.name ? error.message : transport;
}

function clientFor(config: ValidateConfig, wire: Wire, signal: AbortSignal): ProbeClient {
  const credentials: TargetCredentials =
    config.auth.kind === "bearer"
      ? { kind: "bearer", token: config.auth.token }
      : { kind: "oauth-client-credentials", tokenUrl: config.auth.tokenUrl, clientId: config.auth.clientId, clientSecret: config.auth.clientSecret, ...(config.auth.scope ? { scope: config.auth.scope } : {}) };
  const auth = createTargetAuth(credentials, { clock: new SystemClock(), transport: wireTransport(wire), timeoutMs: config.timeoutMs });
  return new ProbeClient({ baseUrl: config.target, wire, auth, timeoutMs: config.timeoutMs, signal });
}

/** A simulator with the profile and credentials of the target, standing in for it in a dry run. */
async function startStandIn(config: ValidateConfig): Promise<Target> {
  const basePath = new URL(config.target).pathname.replace(/\/+$/, "") || "/";
  return startTarget({
    profile: config.profile === "okta" ? "okta" : config.profile === "rfc" ? "rfc" : "entra",
    basePath: basePath === "/" ? "/scim/v2" : basePath,
    ...(config.auth.kind === "bearer" ? { tokens: [config.auth.token] } : { oauth: { clientId: config.auth.clientId, clientSecret: config.auth.clientSecret } }),
    seed: "scimlab-validate-dry-run",
  });
}

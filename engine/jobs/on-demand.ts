/**
 * `provisionOnDemand` (one subject now, its log record returned) and `validateCredentials` (the
 * connection test, without saving the credentials), section 5 of the model.
 */
import type { Clock } from "../../common/clock";
import type { SourceDirectory } from "../directory/types";
import type { LogStore, StoredLogRecord } from "../logs/log-store";
import type { EngineStore } from "../state/engine-store";
import { itemKey, type CycleEnv } from "../cycle/cycle-env";
import { emptyCounts } from "../cycle/cycle-types";
import { exportGroup } from "../cycle/export-group";
import { exportMembership } from "../cycle/export-references";
import { exportUser } from "../cycle/export-user";
import { ObjectCommitter } from "../cycle/object-commit";
import { ScopeEvaluator } from "../cycle/scope";
import { EngineError } from "./engine-error";
import { buildJobContext, matchingTarget, type ContextDeps } from "./job-context";
import type { JobRecord, SecretMap } from "./job-types";
import { secretMap } from "./job-service";

export interface OnDemandDeps {
  store: EngineStore;
  logs: LogStore;
  directory: SourceDirectory;
  clock: Clock;
  newId: () => string;
  context: ContextDeps;
}

export interface OnDemandSubject {
  objectId: string;
  /** `User` or `Group`. */
  objectTypeName: string;
}

/**
 * Provisions each subject now, as an incremental cycle would, and returns the log records. A
 * failure is logged but not escrowed (the operator sees it at once).
 */
export async function provisionOnDemand(deps: OnDemandDeps, job: JobRecord, subjects: OnDemandSubject[]): Promise<StoredLogRecord[]> {
  const sp = deps.store.jobs.servicePrincipal(job.servicePrincipalId)!;
  const context = buildJobContext(job, sp, deps.context);
  const cycleId = deps.newId();
  const env: CycleEnv = {
    context,
    clock: deps.clock,
    directory: deps.directory,
    links: deps.store.links,
    escrows: deps.store.escrows,
    scopeOf: ScopeEvaluator.live(deps.directory, sp.id, context.scope, { user: context.userMapping, group: context.groupMapping }),
    cycleId,
    newId: deps.newId,
    initiatedBy: "user",
  };
  const committer = new ObjectCommitter(
    { db: deps.store.db, links: deps.store.links, escrows: deps.store.escrows, cycles: deps.store.cycles, logs: deps.logs },
    { id: job.id, servicePrincipalId: sp.id, escrow: job.config.escrow },
    null,
    deps.clock,
    emptyCounts(),
  );
  const records: StoredLogRecord[] = [];
  for (const subject of subjects) {
    const type = subject.objectTypeName.toLowerCase();
    if (type === "user") {
      const user = deps.directory.getUser(subject.objectId);
      if (!user) throw EngineError.notFound("user", subject.objectId);
      const result = await exportUser(env, { sourceId: user.id, user });
      if (result.error) committer.abandon(result);
      else committer.commit(result);
      committer.flush();
      if (result.log) records.push(result.log);
    } else if (type === "group") {
      const group = deps.directory.getGroup(subject.objectId);
      if (!group) throw EngineError.notFound("group", subject.objectId);
      const result = await exportGroup(env, { sourceId: group.id, group });
      if (result.error) committer.abandon(result);
      else committer.commit(result);
      committer.flush();
      if (result.log) records.push(result.log);
      if (!result.error) {
        const members = await exportMembership(env, group);
        if (members) {
          if (members.error) committer.abandon(members);
          else committer.commit({ ...members, item: itemKey("m", group.id) });
          committer.flush();
          if (members.log) records.push(members.log);
        }
      }
    } else {
      throw EngineError.badRequest(`objectTypeName must be User or Group, not '${subject.objectTypeName}'`);
    }
  }
  return records;
}

/**
 * The connection test with the given credentials merged over the saved ones (or only the saved
 * ones). Resolves when the target accepts them; throws TargetError (or NotConfiguredError).
 */
export async function validateCredentials(
  deps: OnDemandDeps,
  job: JobRecord,
  input: { useSavedCredentials?: boolean; credentials?: SecretMap | Array<{ key: string; value: string }> },
): Promise<void> {
  const sp = deps.store.jobs.servicePrincipal(job.servicePrincipalId)!;
  const given = input.credentials ? secretMap(input.credentials) : {};
  const secrets = input.useSavedCredentials ? sp.secrets : { ...sp.secrets, ...given };
  const context = buildJobContext(job, sp, deps.context, secrets);
  await context.client.testConnection(matchingTarget(context.userMapping), deps.newId());
}

import type { Clock } from "../../common/clock";
import type { SecretRegistry } from "../../common/redact";
import type { CompiledMapping } from "../mapping/types";
import type { JobContext } from "../cycle/cycle-env";
import type { HttpTransport } from "../scim-client/http-transport";
import { ScimClient } from "../scim-client/scim-client";
import { createTargetAuth } from "../scim-client/target-auth";
import type { MappingCatalog } from "./job-config";
import type { JobRecord, SecretMap, ServicePrincipalRecord } from "./job-types";
import { targetSettings } from "./target-settings";

export interface ContextDeps {
  clock: Clock;
  transport: HttpTransport;
  catalog: MappingCatalog;
  secrets: SecretRegistry;
  onRequest?: (method: string) => void;
}

/**
 * Everything a cycle of `job` needs. Throws NotConfiguredError when the secrets do not name a
 * target, ConfigError when a stored mapping no longer compiles.
 */
export function buildJobContext(job: JobRecord, sp: ServicePrincipalRecord, deps: ContextDeps, secrets: SecretMap = sp.secrets): JobContext {
  const target = targetSettings(secrets, job.config.dialect);
  if (target.credentials.kind === "bearer") deps.secrets.add(target.credentials.token);
  else deps.secrets.add(target.credentials.clientSecret);
  const client = job.config.client;
  const scim = new ScimClient({
    clock: deps.clock,
    baseUrl: target.baseUrl,
    auth: createTargetAuth(target.credentials, { clock: deps.clock, transport: deps.transport, timeoutMs: client.requestTimeoutMs }),
    transport: deps.transport,
    timeoutMs: client.requestTimeoutMs,
    retryAfterCapMs: client.retryAfterCapMs,
    maxRetriesOn429: client.maxRetriesOn429,
    secrets: deps.secrets,
    ...(deps.onRequest ? { onRequest: deps.onRequest } : {}),
  });
  const userMapping = deps.catalog.compile(job.config.mappings.user, "mappings.user");
  const groupMapping = deps.catalog.compile(job.config.mappings.group, "mappings.group");
  return {
    job,
    servicePrincipal: sp,
    userMapping,
    groupMapping,
    userReferencePaths: referencePaths(userMapping),
    dialect: target.dialect,
    scope: target.scope,
    client: scim,
  };
}

/** Target paths of reference attributes (manager), excluding group members. */
export function referencePaths(mapping: CompiledMapping): Set<string> {
  return new Set(mapping.definition.attributes.filter((a) => a.reference && a.target !== "members").map((a) => a.target));
}

/** The target attribute a mapping matches on (priority 1), `userName` by default. */
export function matchingTarget(mapping: CompiledMapping): string {
  const sorted = mapping.definition.attributes
    .filter((a) => a.matchingPriority !== undefined)
    .sort((a, b) => a.matchingPriority! - b.matchingPriority!);
  return sorted[0]?.target ?? "userName";
}

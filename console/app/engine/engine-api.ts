/** The engine's APIs as the console calls them: Graph shapes under /v1.0, the operator API, the console's own routes. */
import type { DirectoryAudit } from "../../../engine/events/directory-audit";
import type { ProvisioningObjectSummary } from "../../../engine/model/graph-types";
import type { CaughtMail } from "../../../engine/notifications/mail-store";
import type { JobOverview, JobSummary, JobTimeline, SourceUserOption } from "../../shared/engine-console-types";
import { api, localPath } from "../lib/http";

export interface Page<T> {
  value: T[];
  /** The next page's path, when there is one. */
  next: string | null;
}

const q = encodeURIComponent;

function jobPath(job: JobSummary): string {
  return `/v1.0/servicePrincipals/${q(job.servicePrincipalId)}/synchronization/jobs/${q(job.jobId)}`;
}

export const engineApi = {
  jobs: () => api<JobSummary[]>("/_console/api/jobs"),
  overview: (jobId: string) => api<JobOverview>(`/_console/api/jobs/${q(jobId)}`),
  timeline: (jobId: string) => api<JobTimeline>(`/_console/api/jobs/${q(jobId)}/timeline`),
  sourceUsers: (search: string) => api<SourceUserOption[]>(`/_console/api/source-users?q=${q(search)}`),

  start: (job: JobSummary) => api<void>(`${jobPath(job)}/start`, { method: "POST" }),
  pause: (job: JobSummary) => api<void>(`${jobPath(job)}/pause`, { method: "POST" }),
  restart: (job: JobSummary, resetScope: string[]) =>
    api<void>(`${jobPath(job)}/restart`, { method: "POST", body: { criteria: { resetScope: resetScope.join(", ") } } }),
  validateCredentials: (job: JobSummary) => api<void>(`${jobPath(job)}/validateCredentials`, { method: "POST", body: { useSavedCredentials: true } }),
  async provisionOnDemand(job: JobSummary, userId: string): Promise<ProvisioningObjectSummary[]> {
    const result = await api<{ key: string; value: string }>(`${jobPath(job)}/provisionOnDemand`, {
      method: "POST",
      body: { parameters: [{ ruleId: "", subjects: [{ objectId: userId, objectTypeName: "User" }] }] },
    });
    const parsed = JSON.parse(result.value) as ProvisioningObjectSummary | ProvisioningObjectSummary[];
    return Array.isArray(parsed) ? parsed : [parsed];
  },
  putSecrets: (job: JobSummary, entries: Array<{ key: string; value: string }>) =>
    api<void>(`/v1.0/servicePrincipals/${q(job.servicePrincipalId)}/synchronization/secrets`, { method: "PUT", body: { value: entries } }),

  async logs(pathOrFilter: { path: string } | { filter: string; top: number }): Promise<Page<ProvisioningObjectSummary>> {
    const path = "path" in pathOrFilter ? pathOrFilter.path : `/v1.0/auditLogs/provisioning?$filter=${q(pathOrFilter.filter)}&$top=${pathOrFilter.top}`;
    const body = await api<{ value: ProvisioningObjectSummary[]; "@odata.nextLink"?: string }>(path);
    return { value: body.value, next: body["@odata.nextLink"] ? localPath(body["@odata.nextLink"]) : null };
  },
  async audits(pathOrFilter: { path: string } | { filter: string; top: number }): Promise<Page<DirectoryAudit>> {
    const path =
      "path" in pathOrFilter
        ? pathOrFilter.path
        : `/v1.0/auditLogs/directoryAudits?$top=${pathOrFilter.top}${pathOrFilter.filter ? `&$filter=${q(pathOrFilter.filter)}` : ""}`;
    const body = await api<{ value: DirectoryAudit[]; "@odata.nextLink"?: string }>(path);
    return { value: body.value, next: body["@odata.nextLink"] ? localPath(body["@odata.nextLink"]) : null };
  },
  mails: (top: number, skip: number) => api<{ value: CaughtMail[]; count: number }>(`/_engine/mail?top=${top}&skip=${skip}`),
  mail: (id: number) => api<CaughtMail>(`/_engine/mail/${id}`),
};

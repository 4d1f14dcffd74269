/** The engine console's entry point: picks the job, then runs the pages in the shell. */
import { engineApi } from "./engine/engine-api";
import { auditPage } from "./engine/audit-page";
import { logsPage } from "./engine/logs-page";
import { mailboxPage } from "./engine/mailbox-page";
import { provisioningPage } from "./engine/provisioning-page";
import { timelinePage } from "./engine/timeline-page";
import type { JobSummary } from "../shared/engine-console-types";
import { fill, h, select } from "./lib/dom";
import { startShell } from "./lib/shell";

const JOB_KEY = "scimlab.console.job";

async function main(): Promise<void> {
  const app = document.getElementById("app")!;
  let jobs: JobSummary[];
  try {
    jobs = await engineApi.jobs();
  } catch (error) {
    fill(app, h("main", { id: "main" }, h("h1", null, "scimlab engine"), h("p", { role: "alert" }, `The engine did not answer: ${(error as Error).message}`)));
    return;
  }
  if (jobs.length === 0) {
    fill(app, h("main", { id: "main" }, h("h1", null, "scimlab engine"), h("p", null, "The engine has no job yet. Create one with the API (POST /_engine/jobs) and reload.")));
    return;
  }
  let current = jobs.find((j) => j.jobId === localStorage.getItem(JOB_KEY)) ?? jobs[0]!;
  const job = (): JobSummary => current;
  let picker: HTMLElement | undefined;
  if (jobs.length > 1) {
    const choice = select(
      jobs.map((j) => [j.jobId, `${j.displayName} (${j.jobId})`] as const),
      current.jobId,
      { id: "job-picker" },
    );
    picker = h("span", { class: "job-picker" }, h("label", { for: "job-picker" }, "Job"), choice);
    choice.addEventListener("change", () => {
      current = jobs.find((j) => j.jobId === choice.value) ?? current;
      localStorage.setItem(JOB_KEY, current.jobId);
      shell.remount();
    });
  }
  const shell = startShell({
    title: "scimlab engine",
    pages: [provisioningPage(job), logsPage(job), auditPage(() => jobs.length > 1), timelinePage(job), mailboxPage()],
    ...(picker ? { extraHeader: picker } : {}),
  });
}

void main();

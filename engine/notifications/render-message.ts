import { REDACTED } from "../../common/redact";
import type { NotificationKind, QuarantineError, QuarantineReason } from "../quarantine/types";

export interface RenderInput {
  kind: NotificationKind;
  jobId: string;
  servicePrincipalId: string;
  /** The application's display name, when known. */
  jobName?: string | undefined;
  reason: QuarantineReason;
  previousReason?: QuarantineReason | null | undefined;
  heldDeletions?: number | null | undefined;
  /** The series as it stands when the mail is written (null once it ended). */
  series: {
    seriesBegan: number;
    currentBegan: number;
    seriesCount: number;
    /** Null: no attempt planned (disabled, paused, held). */
    nextAttemptAt: number | null;
    error: QuarantineError | null;
  } | null;
  disabledAt?: number | null | undefined;
  /** The base URL of the engine's API, for the links in the checklist. */
  apiBaseUrl?: string | undefined;
  /** Removes live secret values (SecretRegistry.scrub). Applied to everything rendered. */
  scrub?: ((text: string) => string) | undefined;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

const REASONS: Record<QuarantineReason, string> = {
  EncounteredQuarantineException: "the SCIM endpoint rejected the provisioning credentials or could not be reached",
  EncounteredEscrowProportionThreshold: "too large a share of the objects failed to provision",
  EncounteredTotalEscrowThreshold: "too many objects failed to provision",
  QuarantinedOnDemand: "an operator quarantined the job",
  TooManyDeletes: "a cycle would have deleted or disabled more objects than the accidental-deletion threshold allows",
};

/** Secrets that may hide in error texts even when nobody registered them. */
const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/\b(access_token|refresh_token|client_secret|password|secret|token)(["']?\s*[:=]\s*["']?)[^\s"'&,;]+/gi, `$1$2${REDACTED}`],
];

export function scrubSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/** Writes a notification: subject, plain text and HTML saying what happened and what to do. */
export function renderNotification(input: RenderInput): RenderedMessage {
  const app = input.jobName ? `${input.jobName} ` : "";
  const facts = factsOf(input);
  const steps = checklist(input);
  const subject = subjectOf(input, app);
  const intro = introOf(input);
  const text = [
    intro,
    "",
    ...facts.map(([k, v]) => `${k}: ${v}`),
    "",
    "What to do:",
    ...steps.map((s, i) => `${i + 1}. ${s}`),
    "",
    "This message was sent by the scimlab provisioning engine.",
  ].join("\n");
  const html = [
    "<!doctype html><html><body style=\"font-family:sans-serif\">",
    `<h2>${esc(subject)}</h2>`,
    `<p>${esc(intro)}</p>`,
    "<table>",
    ...facts.map(([k, v]) => `<tr><th align="left">${esc(k)}</th><td>${esc(v)}</td></tr>`),
    "</table>",
    "<h3>What to do</h3>",
    "<ol>",
    ...steps.map((s) => `<li>${esc(s)}</li>`),
    "</ol>",
    "<p style=\"color:#666\">This message was sent by the scimlab provisioning engine.</p>",
    "</body></html>",
  ].join("\n");
  const clean = (t: string): string => scrubSecrets(input.scrub ? input.scrub(t) : t);
  return { subject: clean(subject), text: clean(text), html: clean(html) };
}

function subjectOf(input: RenderInput, app: string): string {
  switch (input.kind) {
    case "quarantine":
      return `Provisioning ${app}is in quarantine (${input.reason})`;
    case "reasonChanged":
      return `Provisioning ${app}quarantine reason changed to ${input.reason}`;
    case "jobDisabled":
      return `Provisioning ${app}has been disabled after four weeks in quarantine`;
    case "deletionsHeld":
      return `Provisioning ${app}held ${input.heldDeletions ?? "some"} deletions and is in quarantine`;
  }
}

function introOf(input: RenderInput): string {
  const why = REASONS[input.reason];
  switch (input.kind) {
    case "quarantine":
      return `The provisioning job is in quarantine because ${why}. It keeps trying less and less often, down to once a day, and is disabled if the quarantine lasts four weeks.`;
    case "reasonChanged":
      return `The provisioning job is still in quarantine, now because ${why}${input.previousReason ? ` (before: ${input.previousReason})` : ""}.`;
    case "jobDisabled":
      return `The provisioning job was in quarantine for four weeks and has been disabled: no more cycles run until it is started or restarted. The cause: ${why}.`;
    case "deletionsHeld":
      return `A provisioning cycle would have deleted or disabled ${input.heldDeletions ?? "more"} objects, more than the accidental-deletion threshold allows. The deletions are held and the job is in quarantine until you allow or reject them.`;
  }
}

function factsOf(input: RenderInput): Array<[string, string]> {
  const facts: Array<[string, string]> = [
    ["Job", input.jobId],
    ["Service principal", input.servicePrincipalId],
    ["Reason", input.reason],
  ];
  if (input.previousReason) facts.push(["Previous reason", input.previousReason]);
  const s = input.series;
  if (s) {
    facts.push(["In quarantine since", iso(s.seriesBegan)], ["Last evaluated", iso(s.currentBegan)], ["Re-evaluations", String(s.seriesCount)]);
    facts.push(["Next attempt", s.nextAttemptAt === null ? "none planned" : iso(s.nextAttemptAt)]);
    if (s.error) facts.push(["Error", `${s.error.code}: ${s.error.message}`]);
  }
  if (input.disabledAt) facts.push(["Disabled at", iso(input.disabledAt)]);
  if (input.heldDeletions) facts.push(["Held deletions", String(input.heldDeletions)]);
  return facts;
}

function checklist(input: RenderInput): string[] {
  const base = input.apiBaseUrl ? input.apiBaseUrl.replace(/\/+$/, "") : "";
  const job = `${base}/v1.0/servicePrincipals/${input.servicePrincipalId}/synchronization/jobs/${input.jobId}`;
  const logs = `${base}/v1.0/auditLogs/provisioning?$filter=jobId eq '${input.jobId}'`;
  if (input.reason === "TooManyDeletes") {
    return [
      `Review the held deletions (provisioningAction stagedDelete) in the provisioning logs: GET ${logs}`,
      `If they are expected, allow them: POST ${job}/restart with {"criteria":{"resetScope":"ForceDeletes"}}`,
      `If not, fix the cause (scoping, assignments, the source directory) and restart the job: POST ${job}/restart`,
    ];
  }
  return [
    `Check the credentials: the tenant URL and the secret token of the SCIM endpoint (POST ${job}/validateCredentials).`,
    `Review the provisioning logs for the errors: GET ${logs}`,
    `Once the cause is fixed, restart the job to clear the quarantine: POST ${job}/restart (or start it: POST ${job}/start).`,
  ];
}

function iso(t: number): string {
  return new Date(t).toISOString();
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

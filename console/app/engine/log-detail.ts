/**
 * One provisioning log record in detail, as the portal's details pane: the steps, the modified
 * properties, and troubleshooting (error code, reason, additional details, recommended action).
 */
import type { ProvisioningObjectSummary } from "../../../engine/model/graph-types";
import { openDialog } from "../lib/dialog";
import { h } from "../lib/dom";
import { utc } from "../lib/format";

export function openLogDetail(r: ProvisioningObjectSummary): HTMLDialogElement {
  const info = r.provisioningStatusInfo;
  const error = info.errorInformation;
  const identity = (label: string, i: ProvisioningObjectSummary["sourceIdentity"]): HTMLElement[] => [
    h("dt", null, label),
    h("dd", null, `${i.displayName ?? "—"} `, h("code", null, i.id ?? "no id"), ` (${i.identityType})`),
  ];
  return openDialog(
    `${r.provisioningAction} ${r.sourceIdentity.displayName ?? r.sourceIdentity.id ?? ""}: ${info.status}`,
    [
      h(
        "section",
        { "aria-labelledby": "detail-summary" },
        h("h3", { id: "detail-summary" }, "Summary"),
        h(
          "dl",
          { class: "facts" },
          h("dt", null, "Date"),
          h("dd", null, utc(r.activityDateTime)),
          h("dt", null, "Action"),
          h("dd", null, r.provisioningAction),
          h("dt", null, "Status"),
          h("dd", null, h("span", { class: `badge status-${info.status}` }, info.status)),
          ...identity("Source", r.sourceIdentity),
          ...identity("Target", r.targetIdentity),
          h("dt", null, "Cycle"),
          h("dd", null, h("code", null, r.cycleId)),
          h("dt", null, "Change id"),
          h("dd", null, h("code", null, r.changeId)),
          h("dt", null, "Duration"),
          h("dd", null, `${r.durationInMilliseconds} ms`),
        ),
      ),
      error && (error.errorCode || error.reason)
        ? h(
            "section",
            { class: "troubleshooting", "aria-labelledby": "detail-trouble" },
            h("h3", { id: "detail-trouble" }, "Troubleshooting and recommendations"),
            h(
              "dl",
              { class: "facts" },
              h("dt", null, "Error code"),
              h("dd", { dataset: { field: "errorCode" } }, h("code", null, error.errorCode ?? "—")),
              h("dt", null, "Reason"),
              h("dd", { dataset: { field: "reason" } }, error.reason ?? "—"),
              error.additionalDetails ? [h("dt", null, "Additional details"), h("dd", null, error.additionalDetails)] : null,
              h("dt", null, "Recommended action"),
              h("dd", { dataset: { field: "recommendedAction" } }, error.recommendedAction ?? "—"),
            ),
          )
        : null,
      h(
        "section",
        { "aria-labelledby": "detail-steps" },
        h("h3", { id: "detail-steps" }, "Steps"),
        h(
          "ol",
          { class: "steps" },
          r.provisioningSteps.map((s) =>
            h(
              "li",
              { class: "step", dataset: { status: s.status } },
              h("span", { class: `badge status-${s.status}` }, s.status),
              " ",
              h("strong", null, s.name),
              ` (${s.provisioningStepType}): ${s.description}`,
              Object.keys(s.details).length > 0 ? h("dl", { class: "step-details" }, Object.entries(s.details).map(([k, v]) => [h("dt", null, k), h("dd", null, v)])) : null,
            ),
          ),
        ),
      ),
      h(
        "section",
        { "aria-labelledby": "detail-props" },
        h("h3", { id: "detail-props" }, "Modified properties"),
        r.modifiedProperties.length === 0
          ? h("p", { class: "muted" }, "None.")
          : h(
              "table",
              null,
              h("thead", null, h("tr", null, h("th", { scope: "col" }, "Property"), h("th", { scope: "col" }, "Old value"), h("th", { scope: "col" }, "New value"))),
              h("tbody", null, r.modifiedProperties.map((p) => h("tr", null, h("th", { scope: "row" }, p.displayName), h("td", null, p.oldValue ?? "—"), h("td", null, p.newValue ?? "—")))),
            ),
      ),
    ],
    { wide: true },
  );
}

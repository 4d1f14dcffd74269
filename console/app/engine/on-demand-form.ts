/** "Provision on demand": find a source user, provision it now, read what happened. */
import type { ProvisioningObjectSummary } from "../../../engine/model/graph-types";
import type { JobSummary } from "../../shared/engine-console-types";
import { field, fill, h, select } from "../lib/dom";
import type { PageContext } from "../lib/shell";
import { engineApi } from "./engine-api";
import { openLogDetail } from "./log-detail";

export function onDemandForm(job: JobSummary, ctx: PageContext): HTMLElement {
  const search = h("input", { type: "search", autocomplete: "off", placeholder: "name or user principal name" });
  const find = h("button", { type: "button", class: "secondary" }, "Find");
  const choice = select([], "", { disabled: true });
  const submit = h("button", { type: "submit", class: "primary", disabled: true }, "Provision");
  const result = h("div", { class: "on-demand-result", "aria-live": "polite" });

  const lookup = async (): Promise<void> => {
    try {
      const users = await engineApi.sourceUsers(search.value);
      fill(choice, users.length === 0 ? h("option", { value: "" }, "no user matches") : users.map((u) => h("option", { value: u.id }, `${u.displayName} (${u.userPrincipalName})`)));
      choice.disabled = users.length === 0;
      submit.disabled = users.length === 0;
    } catch (error) {
      ctx.fail(error);
    }
  };
  find.addEventListener("click", () => void lookup());
  search.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      void lookup();
    }
  });

  const form = h(
    "form",
    { class: "card", id: "on-demand-form", "aria-labelledby": "on-demand-title" },
    h("h2", { id: "on-demand-title" }, "Provision on demand"),
    h("p", null, "Provisions one user now, outside the schedule, and shows its log."),
    h("div", { class: "row" }, field("Find a user", search), find),
    field("User", choice),
    submit,
    result,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!choice.value) return;
    submit.disabled = true;
    fill(result, "Provisioning…");
    try {
      const records = await engineApi.provisionOnDemand(job, choice.value);
      fill(result, h("ul", null, records.map(recordLine)));
    } catch (error) {
      fill(result);
      ctx.fail(error);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function recordLine(r: ProvisioningObjectSummary): HTMLElement {
  const info = r.provisioningStatusInfo;
  return h(
    "li",
    null,
    h("span", { class: `badge status-${info.status}` }, info.status),
    ` ${r.provisioningAction} ${r.sourceIdentity.displayName ?? r.sourceIdentity.id ?? ""}`,
    info.errorInformation?.errorCode ? [": ", h("code", null, info.errorInformation.errorCode)] : null,
    " ",
    h("button", { type: "button", class: "link", onclick: () => openLogDetail(r) }, "Details"),
  );
}

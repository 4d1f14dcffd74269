/**
 * The target's fault rules with an on/off switch each (off: the rule is kept but matches nothing),
 * their counters live, delete with confirmation, the form to add one; and the SCIM listener's
 * state with a button to take it down or up.
 */
import type { PanelFaultRule, TargetOverview } from "../../shared/simulator-console-types";
import { confirmAction } from "../lib/dialog";
import { fill, h } from "../lib/dom";
import type { PageContext, PageDef } from "../lib/shell";
import { faultForm } from "./fault-form";
import { simulatorApi } from "./simulator-api";

export function faultsPanel(): PageDef {
  return {
    id: "faults",
    label: "Fault rules",
    mount(main, _params, ctx) {
      const tbody = h("tbody");
      const targetCard = h("section", { class: "card", "aria-labelledby": "target-title" });
      const formSlot = h("div");
      fill(
        main,
        h("h1", null, "Fault rules"),
        h("div", { class: "grid two" }, targetCard, formSlot),
        h("h2", null, "Installed rules"),
        h("p", { class: "muted" }, "Newest first: the first rule that fires decides. A rule switched off stays listed and matches nothing until switched on again."),
        h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            { id: "faults-table" },
            h("thead", null, h("tr", null, ["On", "Id", "Match", "Action", "Limits", "Matched", "Fired", ""].map((c) => h("th", { scope: "col" }, c)))),
            tbody,
          ),
        ),
      );
      const showRules = (rules: PanelFaultRule[]): void => {
        fill(tbody, rules.length === 0 ? h("tr", null, h("td", { colspan: "8", class: "muted" }, "No fault rules: every request gets the normal answer.")) : rules.map((r) => ruleRow(r, ctx, showRules)));
      };
      const showTarget = (t: TargetOverview): void => {
        const button = h("button", { type: "button", class: t.listening ? "danger" : "primary", id: "target-toggle" }, t.listening ? "Take the SCIM listener down" : "Bring the SCIM listener up");
        button.addEventListener("click", async () => {
          if (t.listening) {
            const ok = await confirmAction("Take the target down?", "Clients get connection refused until it is brought up again. Data is kept.", "Take down");
            if (!ok) return;
          }
          try {
            await simulatorApi.setTarget(t.listening ? "down" : "up");
            ctx.notify(t.listening ? "The SCIM listener is down." : "The SCIM listener is up.");
          } catch (error) {
            ctx.fail(error);
          }
        });
        fill(
          targetCard,
          h("h2", { id: "target-title" }, "Target"),
          h(
            "dl",
            { class: "facts" },
            h("dt", null, "Base URL"),
            h("dd", null, h("code", null, t.baseUrl)),
            h("dt", null, "Profile"),
            h("dd", null, t.profile),
            h("dt", null, "SCIM listener"),
            h("dd", { dataset: { field: "listening" } }, h("span", { class: `badge ${t.listening ? "status-success" : "status-failure"}` }, t.listening ? "up" : "down")),
            h("dt", null, "Users, groups"),
            h("dd", null, `${t.users}, ${t.groups}`),
          ),
          button,
        );
      };
      simulatorApi.faults().then(({ rules }) => showRules(rules), (e: unknown) => ctx.fail(e));
      simulatorApi.overview().then(showTarget, (e: unknown) => ctx.fail(e));
      simulatorApi.presets().then((presets) => fill(formSlot, faultForm(ctx, presets)), (e: unknown) => ctx.fail(e));
      const offFaults = ctx.live.on<{ rules: PanelFaultRule[] }>("faults", ({ rules }) => showRules(rules));
      const offTarget = ctx.live.on<TargetOverview>("target", showTarget);
      return {
        dispose() {
          offFaults();
          offTarget();
        },
      };
    },
  };
}

function ruleRow(r: PanelFaultRule, ctx: PageContext, showRules: (rules: PanelFaultRule[]) => void): HTMLElement {
  const toggle = h(
    "button",
    { type: "button", role: "switch", class: "switch", "aria-checked": String(r.enabled), "aria-label": `Rule ${r.id}`, dataset: { rule: r.id } },
    h("span", { class: "track", "aria-hidden": "true" }),
    h("span", null, r.enabled ? "on" : "off"),
  );
  toggle.addEventListener("click", async () => {
    toggle.disabled = true;
    try {
      const { rules } = await simulatorApi.switchFault(r.id, !r.enabled);
      showRules(rules);
      ctx.notify(`Rule ${r.id} switched ${r.enabled ? "off" : "on"}.`);
      document.querySelector<HTMLElement>(`button[role="switch"][data-rule="${CSS.escape(r.id)}"]`)?.focus();
    } catch (error) {
      ctx.fail(error);
      toggle.disabled = false;
    }
  });
  const remove = h("button", { type: "button", class: "link", "aria-label": `Delete rule ${r.id}` }, "Delete");
  remove.addEventListener("click", async () => {
    if (!(await confirmAction(`Delete rule ${r.id}?`, "The rule and its counters are gone; add it again to bring it back.", "Delete rule"))) return;
    try {
      await simulatorApi.deleteFault(r.id);
      showRules((await simulatorApi.faults()).rules);
      ctx.notify(`Rule ${r.id} deleted.`);
    } catch (error) {
      ctx.fail(error);
    }
  });
  const { type, ...params } = r.action;
  const limits = [r.times !== undefined ? `${r.times} time${r.times === 1 ? "" : "s"}` : "", r.after !== undefined ? `after ${r.after}` : "", r.probability !== undefined ? `p=${r.probability}` : "", r.retired ? "retired" : ""].filter(Boolean);
  return h(
    "tr",
    { dataset: { rule: r.id, enabled: String(r.enabled) } },
    h("td", null, toggle),
    h("td", null, h("code", null, r.id)),
    h("td", null, Object.keys(r.match).length === 0 ? "every request" : h("code", null, JSON.stringify(r.match))),
    h("td", null, h("strong", null, String(type)), Object.keys(params).length > 0 ? [" ", h("code", null, JSON.stringify(params))] : null),
    h("td", null, limits.join(", ") || "—"),
    h("td", { dataset: { field: "matched" } }, String(r.matched)),
    h("td", { dataset: { field: "fired" } }, String(r.fired)),
    h("td", null, remove),
  );
}

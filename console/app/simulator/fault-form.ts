/**
 * Adding a fault rule: from a preset (its options as fields, read from the preset's schema) or as
 * a rule (match, action and counting). The target validates it; a refusal names the field.
 */
import type { PresetField, PresetInfo } from "../../shared/simulator-console-types";
import { checkbox, field, fill, h, select, uid } from "../lib/dom";
import type { PageContext } from "../lib/shell";
import { simulatorApi } from "./simulator-api";

const ANY: readonly [string, string] = ["", "any"];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const RESOURCES = ["Users", "Groups", "Bulk", "Search", "ServiceProviderConfig", "ResourceTypes", "Schemas", "Token"];
const OPERATIONS = ["create", "read", "query", "replace", "update", "delete", "bulk", "token", "discovery"];
/** Action types with example parameters to start from. */
const ACTIONS: Record<string, Record<string, unknown>> = {
  error: { status: 500 },
  auth: { status: 401 },
  throttle: { retryAfter: "30s", format: "seconds" },
  quota: { capacity: 10, refill: 10, every: "1m", per: "target" },
  latency: { delay: "200ms", jitter: "0ms" },
  hang: {},
  reset: {},
  malformed: { variant: "truncated" },
  commitThenFail: { then: "error", status: 500 },
  duplicateResults: {},
  outage: { mode: "503" },
};

export function faultForm(ctx: PageContext, presets: PresetInfo[]): HTMLElement {
  const modeName = uid("mode");
  const presetMode = h("input", { type: "radio", name: modeName, value: "preset", checked: true, id: uid("m") });
  const ruleMode = h("input", { type: "radio", name: modeName, value: "rule", id: uid("m") });
  const ruleId = h("input", { type: "text", autocomplete: "off", spellcheck: "false", id: "fault-id" });

  // ---- preset ----
  const presetSelect = select(presets.map((p) => [p.name, p.name] as const), presets[0]?.name ?? "", { id: "preset-name" });
  const presetSummary = h("p", { class: "hint", id: "preset-summary" });
  const presetFields = h("div", { class: "preset-fields" });
  let fieldInputs: Array<{ def: PresetField; input: HTMLInputElement | HTMLSelectElement }> = [];
  const showPreset = (): void => {
    const preset = presets.find((p) => p.name === presetSelect.value);
    presetSummary.textContent = preset?.summary ?? "";
    fieldInputs = (preset?.fields ?? []).map((def) => ({ def, input: presetInput(def) }));
    fill(presetFields, fieldInputs.map(({ def, input }) => (def.type === "boolean" ? h("div", { class: "check" }, input, h("label", { for: input.id }, def.name)) : field(def.name, input, def.description))));
  };
  presetSelect.addEventListener("change", showPreset);
  presetSelect.setAttribute("aria-describedby", presetSummary.id);
  const presetPart = h("fieldset", null, h("legend", null, "Preset"), field("Preset", presetSelect), presetSummary, presetFields);

  // ---- rule ----
  const method = select([ANY, ...METHODS.map((m) => [m, m] as const)], "", { id: "rule-method" });
  const resource = select([ANY, ...RESOURCES.map((r) => [r, r] as const)], "", { id: "rule-resource" });
  const operation = select([ANY, ...OPERATIONS.map((o) => [o, o] as const)], "", { id: "rule-operation" });
  const path = h("input", { type: "text", id: "rule-path", placeholder: "/Users/*", autocomplete: "off" });
  const filter = h("input", { type: "text", id: "rule-filter", placeholder: 'userName sw "bad-"', autocomplete: "off" });
  const actionType = select(Object.keys(ACTIONS).map((a) => [a, a] as const), "error", { id: "rule-action" });
  const params = h("textarea", { id: "rule-params", rows: "3", spellcheck: "false" });
  params.value = JSON.stringify(ACTIONS.error);
  actionType.addEventListener("change", () => (params.value = JSON.stringify(ACTIONS[actionType.value] ?? {})));
  const times = h("input", { type: "number", min: "1", step: "1", id: "rule-times" });
  const probability = h("input", { type: "number", min: "0", max: "1", step: "0.05", id: "rule-probability" });
  const rulePart = h(
    "fieldset",
    { hidden: true },
    h("legend", null, "Rule"),
    h("div", { class: "grid" }, field("Method", method), field("Resource", resource), field("Operation", operation)),
    h("div", { class: "grid" }, field("Path (glob)", path), field("Filter (SCIM)", filter)),
    h("div", { class: "grid" }, field("Action", actionType), field("Action parameters (JSON)", params)),
    h("div", { class: "grid" }, field("Times (then retired)", times, "empty: no limit"), field("Probability", probability, "0 to 1; empty: always")),
  );
  const onMode = (): void => {
    presetPart.hidden = !presetMode.checked;
    rulePart.hidden = !ruleMode.checked;
  };
  presetMode.addEventListener("change", onMode);
  ruleMode.addEventListener("change", onMode);

  const submit = h("button", { type: "submit", class: "primary", id: "add-fault" }, "Add rule");
  const form = h(
    "form",
    { class: "card", id: "fault-form", "aria-labelledby": "fault-form-title" },
    h("h2", { id: "fault-form-title" }, "Add a fault rule"),
    h(
      "fieldset",
      null,
      h("legend", null, "From"),
      h("div", { class: "check" }, presetMode, h("label", { for: presetMode.id }, "a preset")),
      h("div", { class: "check" }, ruleMode, h("label", { for: ruleMode.id }, "a rule")),
    ),
    field("Rule id", ruleId, "optional; generated when empty"),
    presetPart,
    rulePart,
    submit,
  );
  showPreset();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    let body: Record<string, unknown>;
    try {
      body = presetMode.checked ? presetBody() : ruleBody();
    } catch (error) {
      ctx.notify((error as Error).message, "error");
      return;
    }
    if (ruleId.value.trim()) body.id = ruleId.value.trim();
    submit.disabled = true;
    try {
      const { ids } = await simulatorApi.addFault(body);
      ctx.notify(`Fault rule ${ids.join(", ")} added.`);
      ruleId.value = "";
    } catch (error) {
      ctx.fail(error);
    } finally {
      submit.disabled = false;
    }
  });

  const presetBody = (): Record<string, unknown> => {
    const body: Record<string, unknown> = { preset: presetSelect.value };
    for (const { def, input } of fieldInputs) {
      if (def.type === "boolean") body[def.name] = (input as HTMLInputElement).checked;
      else if (input.value.trim() === "") continue;
      else if (def.type === "number") body[def.name] = Number(input.value);
      else if (def.type === "enum" && def.options?.every((o) => /^-?\d+$/.test(o))) body[def.name] = Number(input.value);
      else if (def.type === "list") body[def.name] = input.value.split(",").map((s) => s.trim()).filter(Boolean);
      else body[def.name] = input.value.trim();
    }
    return body;
  };
  const ruleBody = (): Record<string, unknown> => {
    let parameters: unknown;
    try {
      parameters = params.value.trim() === "" ? {} : JSON.parse(params.value);
    } catch {
      throw new Error("Action parameters must be a JSON object, like {\"status\": 500}.");
    }
    if (!parameters || typeof parameters !== "object" || Array.isArray(parameters)) throw new Error("Action parameters must be a JSON object, like {\"status\": 500}.");
    const match: Record<string, unknown> = {};
    if (method.value) match.method = method.value;
    if (resource.value) match.resource = resource.value;
    if (operation.value) match.operation = operation.value;
    if (path.value.trim()) match.path = path.value.trim();
    if (filter.value.trim()) match.filter = filter.value.trim();
    return {
      match,
      action: { ...(parameters as Record<string, unknown>), type: actionType.value },
      ...(times.value ? { times: Number(times.value) } : {}),
      ...(probability.value ? { probability: Number(probability.value) } : {}),
    };
  };
  return form;
}

function presetInput(def: PresetField): HTMLInputElement | HTMLSelectElement {
  const id = uid(`preset-${def.name}`);
  if (def.type === "enum") return select((def.options ?? []).map((o) => [o, o] as const), String(def.default ?? def.options?.[0] ?? ""), { id, name: def.name });
  if (def.type === "boolean") return checkbox(def.name, { id, checked: def.default === true }).input;
  return h("input", {
    id,
    name: def.name,
    type: def.type === "number" ? "number" : "text",
    step: def.type === "number" ? "any" : undefined,
    value: def.default === undefined ? "" : String(def.default),
    placeholder: def.type === "list" ? "comma-separated" : undefined,
    autocomplete: "off",
  });
}

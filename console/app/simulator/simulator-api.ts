/** The simulator's admin API and the panel's own routes, as the panel calls them. */
import type { JournalEntry } from "../../../simulator/journal/journal";
import type { JournalLine, PanelFaultRule, PresetInfo, ResourcePage, TargetOverview } from "../../shared/simulator-console-types";
import { api } from "../lib/http";

const q = encodeURIComponent;

export const simulatorApi = {
  overview: () => api<TargetOverview>("/_console/api/overview"),
  resources: (type: "users" | "groups", search: string, start: number, count: number) =>
    api<ResourcePage>(`/_console/api/resources?type=${type}&q=${q(search)}&start=${start}&count=${count}`),
  faults: () => api<{ rules: PanelFaultRule[] }>("/_console/api/faults"),
  switchFault: (id: string, on: boolean) => api<{ rules: PanelFaultRule[] }>(`/_console/api/faults/${q(id)}/${on ? "on" : "off"}`, { method: "POST" }),
  deleteFault: (id: string) => api<void>(`/_console/api/faults/${q(id)}`, { method: "DELETE" }),
  presets: () => api<PresetInfo[]>("/_console/api/presets"),
  /** A rule, a preset `{preset, ...options}`: validated by the target (a 400 names the field). */
  addFault: (rule: Record<string, unknown>) => api<{ ids: string[] }>("/_admin/faults", { method: "POST", body: rule }),
  journal: (limit: number) => api<{ entries: JournalLine[] }>(`/_console/api/journal?limit=${limit}`),
  journalEntry: (seq: number) => api<JournalEntry>(`/_console/api/journal/${seq}`),
  clearJournal: () => api<void>("/_admin/journal", { method: "DELETE" }),
  setTarget: (state: "up" | "down") => api<{ state: string }>("/_admin/target", { method: "POST", body: { state } }),
  harUrl: "/_admin/journal.har",
};

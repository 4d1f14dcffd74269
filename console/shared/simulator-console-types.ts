/**
 * What the simulator panel's routes (`/_console/…`, simulator/console) answer and its event
 * stream sends; the page (console/app/simulator) reads the same types.
 */

export interface TargetOverview {
  profile: string;
  baseUrl: string;
  /** The SCIM listener is up (the panel's own listener stays up while it is down). */
  listening: boolean;
  users: number;
  groups: number;
}

export interface ResourceRow {
  id: string;
  /** userName for users, displayName for groups. */
  name: string;
  displayName: string | null;
  /** Users: active; groups: null. */
  active: boolean | null;
  /** Users: the primary or first email; groups: the member count. */
  detail: string;
}

export interface ResourcePage {
  total: number;
  startIndex: number;
  items: ResourceRow[];
}

/** A rule as the panel lists it: installed (on) or switched off in the panel (kept, not matched). */
export interface PanelFaultRule {
  id: string;
  enabled: boolean;
  match: Record<string, unknown>;
  action: Record<string, unknown>;
  times?: number;
  after?: number;
  probability?: number;
  matched: number;
  fired: number;
  retired: boolean;
}

export interface PresetField {
  name: string;
  type: "number" | "string" | "boolean" | "enum" | "list";
  options?: string[];
  default?: unknown;
  description?: string;
}

export interface PresetInfo {
  name: string;
  summary: string;
  fields: PresetField[];
}

export interface JournalLine {
  seq: number;
  time: string;
  method: string;
  path: string;
  status: number | null;
  latencyMs: number;
  faults: string[];
}

export interface SimulatorLiveEvents {
  journal: { entries: JournalLine[] };
  faults: { rules: PanelFaultRule[] };
  target: TargetOverview;
}

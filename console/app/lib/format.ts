import { DAY, HOUR, MINUTE, SECOND, formatDuration } from "../../../common/duration";
import { h } from "./dom";

/** Every time in the console is UTC, the engine's own frame, written `2026-01-05 09:40:00 UTC`. */
export function utc(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined || iso === "") return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** A `<time>` element: machine-readable `datetime`, readable text, and the distance from `now`. */
export function timeEl(iso: string | null | undefined, now?: string | number): HTMLElement {
  if (!iso) return h("span", { class: "muted" }, "—");
  const relative = now === undefined ? "" : ` (${fromNow(iso, now)})`;
  return h("time", { datetime: new Date(iso).toISOString() }, `${utc(iso)}${relative}`);
}

/** "in 40m", "3h ago", on the engine's clock (which may be virtual). */
export function fromNow(iso: string | number, now: string | number): string {
  const delta = new Date(iso).getTime() - new Date(now).getTime();
  if (Math.abs(delta) < 1000) return "now";
  const abs = Math.abs(delta);
  // Two units are enough to read: "1d 3h", "40m", "12s".
  const unit = abs >= DAY ? HOUR : abs >= HOUR ? MINUTE : SECOND;
  const span = formatDuration(Math.round(abs / unit) * unit);
  return delta > 0 ? `in ${span}` : `${span} ago`;
}

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : n.toLocaleString("en-US");
}

/** `a, b and c` */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

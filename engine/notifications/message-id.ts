import type { NotificationKind } from "../quarantine/types";

/** What identifies one notification: a resend of the same key is the same message. */
export interface NotificationKey {
  jobId: string;
  /** The series' `seriesBegan` (epoch ms). */
  seriesBegan: number;
  kind: NotificationKind;
  /** 0 for the first of its kind in the series, then 1, 2, … */
  sequence: number;
}

/**
 * A stable RFC 5322 `Message-ID` for a notification: the same (job, series, kind, sequence) always
 * gives the same id, so a resend after a crash is recognisable as the same message. Characters a
 * dot-atom cannot hold are written `=XX` (hex), which keeps the mapping one-to-one.
 */
export function notificationMessageId(key: NotificationKey, sender: string): string {
  const series = new Date(key.seriesBegan).toISOString().replace(/[-:.]/g, "");
  const domain = (sender.split("@")[1] ?? "").replace(/[^A-Za-z0-9.-]/g, "").replace(/^\.+|\.+$/g, "").replace(/\.{2,}/g, ".") || "localhost";
  return `<scimlab.${key.kind}.${key.sequence}.${series}.${atom(key.jobId)}@${domain}>`;
}

function atom(text: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(text)) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9_-]/.test(c) ? c : `=${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

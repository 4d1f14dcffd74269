import { randomBytes } from "node:crypto";
import type { NewGroup, NewUser, SourceGroup, SourceUser } from "../../engine/directory/types";
import type { ProvisioningObjectSummary } from "../../engine/model/graph-types";
import type { ScimResource } from "../../scim/types";
import type { DirectoryEdit, ExpectedTarget } from "./world";

/**
 * The run prefix of a world against a real endpoint. Every object the run creates carries it in
 * the attributes an endpoint keeps unique (userName from userPrincipalName, emails from mail,
 * externalId from mailNickname; a group's displayName and mailNickname), so that the run coexists
 * with the endpoint's own data and with other runs, and so that cleanup finds everything it made.
 *
 * The prefix is invisible to the scenario: the directory it sees and the target resources it
 * checks are shown without it, so `userName: bob@example.com` in a scenario still means Bob.
 */
export class RunPrefix {
  constructor(readonly value: string) {}

  /**
   * `scimlab-<12 hex>-`: unique per world, valid at the start of an e-mail local part. The first
   * six hex digits are the `scimlab run`'s (`runId`), so that an interrupted run can find what all
   * its worlds created; the last six are the world's own.
   */
  static random(base = "scimlab", runId: string = RunPrefix.newRunId()): RunPrefix {
    return new RunPrefix(`${base}-${runId}${randomBytes(3).toString("hex")}-`);
  }

  /** Six hex digits naming one `scimlab run`. */
  static newRunId(): string {
    return randomBytes(3).toString("hex");
  }

  add(text: string): string {
    return this.has(text) ? text : this.value + text;
  }

  has(text: unknown): text is string {
    return typeof text === "string" && text.toLowerCase().startsWith(this.value.toLowerCase());
  }

  strip(text: string): string {
    return this.has(text) ? text.slice(this.value.length) : text;
  }

  /** The fields of a user (whole or partial) that carry the prefix in the engine's directory. */
  userFields<T extends Partial<SourceUser> | NewUser>(user: T, change: (s: string) => string): T {
    const out = { ...user };
    if (typeof out.userPrincipalName === "string") out.userPrincipalName = change(out.userPrincipalName);
    if (typeof out.mail === "string") out.mail = change(out.mail);
    if (typeof out.mailNickname === "string") out.mailNickname = change(out.mailNickname);
    return out;
  }

  groupFields<T extends Partial<SourceGroup> | NewGroup>(group: T, change: (s: string) => string): T {
    const out = { ...group };
    if (typeof out.displayName === "string") out.displayName = change(out.displayName);
    if (typeof out.mailNickname === "string") out.mailNickname = change(out.mailNickname);
    return out;
  }

  /** A directory edit as the engine must apply it: new and renamed objects get the prefix. */
  edit(edit: DirectoryEdit): DirectoryEdit {
    const add = (s: string): string => this.add(s);
    switch (edit.edit) {
      case "createUser":
        return { ...edit, user: this.userFields(edit.user, add) };
      case "createGroup":
        return { ...edit, group: this.groupFields(edit.group, add) };
      case "updateUser":
        return { ...edit, set: this.userFields(edit.set, add) };
      case "updateGroup":
        return { ...edit, set: this.groupFields(edit.set, add) };
      default:
        return edit;
    }
  }

  /**
   * A fault rule's SCIM filter as the proxy must evaluate it: names compared with `eq` or `sw`
   * (`userName eq "stuck@example.com"`) get the prefix the engine sends them with.
   */
  filter(filter: string): string {
    return filter.replace(
      /\b(userName|displayName|externalId|emails(?:\.value)?)(\s+)(eq|sw)(\s+)"((?:[^"\\]|\\.)*)"/gi,
      (_all, attribute: string, s1: string, op: string, s2: string, value: string) => `${attribute}${s1}${op}${s2}"${this.add(value)}"`,
    );
  }

  /** A resource as the endpoint stores it, shown without the prefix. */
  resource(resource: ScimResource): ScimResource {
    const out: ScimResource = { ...resource };
    for (const key of ["userName", "displayName", "externalId"] as const) {
      if (this.has(out[key])) out[key] = this.strip(out[key] as string);
    }
    if (Array.isArray(out.emails)) {
      out.emails = out.emails.map((e: unknown) =>
        e && typeof e === "object" && this.has((e as { value?: unknown }).value) ? { ...e, value: this.strip((e as { value: string }).value) } : e,
      );
    }
    return out;
  }

  /** A provisioning log record with the identities' names shown without the prefix. */
  logRecord(record: ProvisioningObjectSummary): ProvisioningObjectSummary {
    const identity = <T extends { displayName: string | null } | undefined>(i: T): T =>
      i && this.has(i.displayName) ? { ...i, displayName: this.strip(i.displayName) } : i;
    return { ...record, sourceIdentity: identity(record.sourceIdentity), targetIdentity: identity(record.targetIdentity) };
  }

  expected(target: ExpectedTarget): ExpectedTarget {
    return {
      ...target,
      users: target.users.map((u) => ({ ...u, key: this.strip(u.key) })),
      groups: target.groups.map((g) => ({ ...g, key: this.strip(g.key) })),
    };
  }
}

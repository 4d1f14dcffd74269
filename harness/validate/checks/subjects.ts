/**
 * The users and groups the checks create, as source objects mapped to SCIM by Entra's default
 * mappings (compiled by engine/mapping) and turned into POST bodies by the engine's own
 * `toScimResource`: a check's create is the engine's create. Every name carries the run prefix.
 */
import type { MappingCatalog } from "../../../engine/jobs/job-config";
import type { SourceGroup, SourceUser } from "../../../engine/directory/types";
import { diffMapped, readMapped, toScimResource } from "../../../engine/mapping/index";
import type { CompiledMapping } from "../../../engine/mapping/types";
import type { AttributeChange, AttributeValue } from "../../../scim/dialect";

export const VALIDATION_DOMAIN = "example.com";

export class Subjects {
  private readonly userMapping: CompiledMapping;
  private readonly groupMapping: CompiledMapping;

  constructor(
    readonly prefix: string,
    catalog: MappingCatalog,
  ) {
    const defaults = catalog.defaults();
    this.userMapping = catalog.compile(defaults.user, "mappings.user");
    this.groupMapping = catalog.compile(defaults.group, "mappings.group");
  }

  /** A source user whose userPrincipalName is `<prefix><label>@example.com`. */
  user(label: string, overrides: Partial<SourceUser> = {}): SourceUser {
    const nickname = `${this.prefix}${label}`;
    return {
      id: `${nickname}-source`,
      userPrincipalName: `${nickname}@${VALIDATION_DOMAIN}`,
      mail: `${nickname}@${VALIDATION_DOMAIN}`,
      mailNickname: nickname,
      givenName: "Ada",
      surname: "Lovelace",
      displayName: `Ada Lovelace (${label})`,
      accountEnabled: true,
      department: "Engineering",
      jobTitle: null,
      employeeId: "E-1815",
      managerId: null,
      softDeleted: false,
      ...overrides,
    };
  }

  group(label: string): SourceGroup {
    return {
      id: `${this.prefix}${label}-source`,
      displayName: `${this.prefix}${label}`,
      mailNickname: `${this.prefix}${label}`,
      description: null,
      memberIds: [],
      softDeleted: false,
    };
  }

  /** The mapped user attributes (flat SCIM paths), as the engine diffs them. */
  userAttributes(user: SourceUser): Record<string, AttributeValue> {
    return { ...this.userMapping.map(user, "create").attributes };
  }

  /** The POST /Users body the engine sends for this user (no manager: it follows by PATCH). */
  userBody(user: SourceUser): Record<string, unknown> {
    return toScimResource(this.userMapping.map(user, "create"), "User");
  }

  /**
   * What the engine PATCHes when the source user became `wanted` and the target holds `found`:
   * the target's values read back through the mapping, then diffed (scim/dialect turns it into a PATCH).
   */
  userChanges(found: object, wanted: SourceUser): AttributeChange[] {
    const mapped = this.userMapping.map(wanted, "update");
    return diffMapped(readMapped(found, Object.keys(mapped.attributes), [], "User"), mapped, { type: "User" });
  }

  /** The POST /Groups body: a group is created without members, which follow by PATCH. */
  groupBody(group: SourceGroup): Record<string, unknown> {
    const mapped = this.groupMapping.map(group, "create");
    const attributes: Record<string, AttributeValue> = {};
    for (const [path, value] of Object.entries(mapped.attributes)) if (!(path in mapped.references) && path !== "members") attributes[path] = value;
    return toScimResource({ attributes, references: {} }, "Group");
  }
}

import { asValue, type AttributeReader } from "./expression/compile-expression";
import type { Value } from "./expression/values";

/**
 * The Entra source attributes a mapping may read, by object type, and how each is read from a
 * source object. Names compare case-insensitively (`[surName]` works). Entra's names differ from
 * the directory's fields in a few places; those read through aliases:
 * - `objectId` is the object's `id`; `manager` is `managerId`; `members` is `memberIds`;
 * - `IsSoftDeleted` is computed unless the object carries it: true when the object is
 *   soft-deleted or (users) its account is disabled. The runtime passes `{ ...user, IsSoftDeleted: true }`
 *   for users that left scope or were unassigned, which Entra also reports as soft-deleted.
 * Attributes the directory does not model (city, mobile, …) are known and read as null unless
 * the source object carries them, so Entra's default mappings compile unchanged.
 */
export type SourceObjectType = "User" | "Group";

const COMMON = ["objectId", "displayName", "mailNickname", "mail", "IsSoftDeleted"];
const USER = [
  ...COMMON, "userPrincipalName", "givenName", "surname", "accountEnabled", "department", "jobTitle", "employeeId",
  "manager", "city", "companyName", "country", "employeeHireDate", "employeeType", "facsimileTelephoneNumber",
  "mobile", "physicalDeliveryOfficeName", "postalCode", "preferredLanguage", "proxyAddresses", "state", "streetAddress",
  "telephoneNumber", "usageLocation", "userType", "immutableId", "onPremisesSamAccountName",
  ...Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`),
];
const GROUP = [...COMMON, "description", "members", "mailEnabled", "securityEnabled"];

const CATALOG: Record<SourceObjectType, ReadonlyMap<string, string>> = {
  User: new Map(USER.map((name) => [name.toLowerCase(), name])),
  Group: new Map(GROUP.map((name) => [name.toLowerCase(), name])),
};

const ALIASES: Record<string, string[]> = {
  objectId: ["objectId", "id"],
  manager: ["manager", "managerId"],
  members: ["members", "memberIds"],
};

/** The known attribute names of an object type, as Entra spells them. */
export function sourceAttributeNames(type: SourceObjectType): string[] {
  return [...CATALOG[type].values()];
}

/** The canonical name of a source attribute, or undefined when the object type has no such attribute. */
export function canonicalSourceAttribute(type: SourceObjectType, name: string): string | undefined {
  const known = CATALOG[type].get(name.toLowerCase());
  if (known) return known;
  // Directory extension attributes (extension_<appId>_<name>) exist per tenant; accept them.
  return /^extension_[0-9a-f]{32}_\w+$/i.test(name) ? name : undefined;
}

/** A reader for `name` on objects of `type`, or undefined for an unknown attribute. */
export function sourceAttributeReader(type: SourceObjectType, name: string): AttributeReader | undefined {
  const canonical = canonicalSourceAttribute(type, name);
  if (canonical === undefined) return undefined;
  const candidates = ALIASES[canonical] ?? [canonical];
  const lowerCandidates = candidates.map((c) => c.toLowerCase());
  const read = (source: object) => readProperty(source as Record<string, unknown>, candidates, lowerCandidates);
  if (canonical !== "IsSoftDeleted") return read;
  return (source) => {
    const explicit = read(source);
    if (explicit !== null) return explicit;
    const record = source as Record<string, unknown>;
    return record.softDeleted === true || record.accountEnabled === false;
  };
}

/**
 * Lower-cased property name -> actual name for the object read last. A mapping reads all its
 * attributes from one object before moving to the next, so one entry hits almost always and costs
 * less than a WeakMap lookup per attribute. (Only names in another case go through this index; an
 * object that gains such a property between two reads in a row is the one case it would miss.)
 */
let lastRecord: object | undefined;
let lastIndex = new Map<string, string>();

/** Reads the first candidate property present (exact name first, then any case). */
function readProperty(record: Record<string, unknown>, candidates: readonly string[], lowerCandidates: readonly string[]): Value {
  for (const candidate of candidates) {
    const value = record[candidate];
    if (value !== undefined) return asValue(value);
  }
  if (record !== lastRecord) {
    lastIndex = new Map(Object.keys(record).map((key) => [key.toLowerCase(), key]));
    lastRecord = record;
  }
  for (const candidate of lowerCandidates) {
    const key = lastIndex.get(candidate);
    if (key !== undefined) return asValue(record[key]);
  }
  return null;
}

import { createRandom, type Random } from "../../common/random";
import { DirectoryError } from "./directory-error";
import { buildNamePools } from "./name-pools";
import type { SourceGroup, SourceUser } from "./types";

export interface GenerateOptions {
  users: number;
  groups: number;
  seed: number | string;
  /**
   * Members per group, drawn from the users generated in the same call.
   * @default min(50, ceil(users / 4))
   */
  membersPerGroup?: number;
  /** @default "contoso.example" */
  domain?: string;
}

/** What already exists, so that generated names stay unique in a non-empty directory. */
export interface ExistingNames {
  /** Lower-cased userPrincipalNames. */
  userPrincipalNames: ReadonlySet<string>;
  /** Lower-cased group display names. */
  groupNames: ReadonlySet<string>;
  userCount: number;
}

/**
 * Entra-like users and groups, a pure function of the options and what exists: same seed and same
 * (empty) directory, same people. Managers are always earlier users, so the manager graph has no
 * cycles and references can be resolved in creation order.
 */
export function generateDirectoryData(
  options: GenerateOptions,
  existing: ExistingNames,
): { users: SourceUser[]; groups: SourceGroup[] } {
  const userCount = count(options.users, "users");
  const groupCount = count(options.groups, "groups");
  const domain = options.domain ?? "contoso.example";
  const root = createRandom(options.seed);
  const pools = buildNamePools(root.fork("pools"));
  const pick = root.fork("people");
  const ids = root.fork("ids");

  // Lower-cased local parts already used in this domain (the domain is the same for the whole call).
  const suffix = `@${domain.toLowerCase()}`;
  const taken = new Set<string>();
  for (const upn of existing.userPrincipalNames) if (upn.endsWith(suffix)) taken.add(upn.slice(0, -suffix.length));
  const locals = new Map<string, string>();
  for (const name of [...pools.firstNames, ...pools.lastNames]) locals.set(name, asciiLocal(name));
  const users: SourceUser[] = new Array(userCount);
  for (let i = 0; i < userCount; i++) {
    const givenName = pick.pick(pools.firstNames);
    const surname = pick.pick(pools.lastNames);
    const local = uniqueName(`${locals.get(givenName)!}.${locals.get(surname)!}`, taken, "");
    const upn = `${local}@${domain}`;
    taken.add(local);
    users[i] = {
      id: fastUuid(ids),
      userPrincipalName: upn,
      mail: pick.chance(0.98) ? upn : null,
      mailNickname: local,
      givenName,
      surname,
      displayName: `${givenName} ${surname}`,
      accountEnabled: pick.chance(0.98),
      department: pick.chance(0.9) ? pick.pick(pools.departments) : null,
      jobTitle: pick.chance(0.9) ? pick.pick(pools.jobTitles) : null,
      employeeId: String(1_000_000 + existing.userCount + i),
      // Managers cluster among the earlier users, like a hierarchy.
      managerId: i > 0 && pick.chance(0.85) ? users[Math.floor(pick.next() * Math.ceil(i / 8))]!.id : null,
      softDeleted: false,
    };
  }

  const membersPerGroup = Math.min(
    userCount,
    options.membersPerGroup === undefined ? Math.min(50, Math.ceil(userCount / 4)) : count(options.membersPerGroup, "membersPerGroup"),
  );
  const groupNames = new Set(existing.groupNames);
  const groups: SourceGroup[] = new Array(groupCount);
  for (let g = 0; g < groupCount; g++) {
    const base = `${pick.pick(pools.departments)} ${pick.pick(pools.groupNouns)}`;
    const displayName = uniqueName(base, groupNames, "", " ", true);
    groupNames.add(displayName.toLowerCase());
    groups[g] = {
      id: fastUuid(ids),
      displayName,
      mailNickname: displayName.replace(/[^A-Za-z0-9]+/g, "").toLowerCase(),
      description: pick.chance(0.7) ? pick.pick(pools.groupDescriptions) : null,
      memberIds: sample(users, membersPerGroup, pick).map((u) => u.id).sort(),
      softDeleted: false,
    };
  }
  return { users, groups };
}

/**
 * `base`, or `base2`, `base3`, … (with `separator` before the number) whose key (lower-cased when
 * asked, plus `keySuffix`) is not in `taken`. No closures here: this runs once per generated user.
 */
function uniqueName(base: string, taken: ReadonlySet<string>, keySuffix: string, separator = "", lowerCase = false): string {
  let candidate = base;
  for (let n = 2; taken.has((lowerCase ? candidate.toLowerCase() : candidate) + keySuffix); n++) {
    candidate = base + separator + n;
  }
  return candidate;
}

/** "Zoë O'Hara" -> "zoeohara": what a UPN's local part may safely hold. */
function asciiLocal(name: string): string {
  const plain = name.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^a-z0-9]/g, "");
  return plain === "" ? "user" : plain;
}

/**
 * A version-4-shaped UUID from four 32-bit draws: the same distribution as Random.uuid(), which
 * draws per hex digit and dominated generation time at 100,000 users.
 */
function fastUuid(random: Random): string {
  const a = word(random), b = word(random), c = word(random), d = word(random);
  return (
    `${hex(a, 8)}-${hex(b >>> 16, 4)}-${hex(0x4000 | (b & 0x0fff), 4)}-` +
    `${hex(0x8000 | ((c >>> 16) & 0x3fff), 4)}-${hex(c & 0xffff, 4)}${hex(d, 8)}`
  );
}

function word(random: Random): number {
  return Math.floor(random.next() * 0x1_0000_0000);
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

/** `k` distinct items: rejection sampling while k is small against n, a partial shuffle otherwise. */
function sample<T>(items: readonly T[], k: number, random: Random): T[] {
  if (k <= 0) return [];
  if (k * 4 < items.length) {
    const chosen = new Set<number>();
    while (chosen.size < k) chosen.add(Math.floor(random.next() * items.length));
    return [...chosen].map((i) => items[i]!);
  }
  const copy = items.slice();
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random.next() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, k);
}

function count(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 10_000_000) {
    throw new DirectoryError("InvalidValue", `${field}: expected a whole number from 0 to 10,000,000`, field);
  }
  return value;
}

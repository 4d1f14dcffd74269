/**
 * Seeded directory data: N users and M groups with memberships; the same seed gives the same
 * people, ids and memberships. Names come from @faker-js/faker, drawn once into pools (a few
 * hundred first names, last names, titles, departments) that the per-user step combines with a
 * seeded generator: faker per user costs ~50 µs, too slow for a million users, while the pools
 * keep the data realistic and fully reproducible.
 */
import { Faker, base, en } from "@faker-js/faker";
import type { Clock } from "../common/clock";
import { createRandom } from "../common/random";
import { SCHEMA } from "../scim/types";
import { seededUuid } from "./ids";
import type { Attrs } from "./resource-table";
import type { ScimStore } from "./store";

export interface SeedOptions {
  users?: number;
  groups?: number;
  /** Same seed, same data. @default "scimlab" */
  seed?: string | number;
  /** Members per group, at most. @default 25 */
  membersPerGroup?: number;
}

interface Pools {
  first: string[];
  last: string[];
  titles: string[];
  departments: string[];
  domains: string[];
}

function pools(seed: string): Pools {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(createRandom(`${seed}/faker`).int(0, 2 ** 31 - 1));
  const many = <T>(n: number, make: () => T) => Array.from({ length: n }, make);
  return {
    first: [...new Set(many(600, () => faker.person.firstName()))],
    last: [...new Set(many(600, () => faker.person.lastName()))],
    titles: [...new Set(many(120, () => faker.person.jobTitle()))],
    departments: [...new Set(many(60, () => faker.commerce.department()))],
    domains: [...new Set(many(8, () => faker.internet.domainName()))],
  };
}

/** Adds seeded users and groups to the store; returns how many of each were added. */
export function seedStore(store: ScimStore, clock: Clock, options: SeedOptions): { users: number; groups: number } {
  const seed = String(options.seed ?? "scimlab");
  const random = createRandom(`${seed}/directory`);
  const p = pools(seed);
  const now = clock.now();
  const userIds: string[] = [];
  const users = options.users ?? 0;
  const offset = store.users.size;
  for (let i = 0; i < users; i++) {
    const first = random.pick(p.first);
    const last = random.pick(p.last);
    const n = offset + i + 1;
    const userName = `${first}.${last}.${n}@${random.pick(p.domains)}`.toLowerCase().replace(/[^a-z0-9.@-]/g, "");
    const displayName = `${first} ${last}`;
    const attrs: Attrs = {
      userName,
      externalId: seededUuid(random),
      name: { givenName: first, familyName: last, formatted: displayName },
      displayName,
      title: random.pick(p.titles),
      active: random.chance(0.95),
      emails: [{ value: userName, type: "work", primary: true }],
      [SCHEMA.enterpriseUser]: { employeeNumber: String(100000 + n), department: random.pick(p.departments) },
    };
    const id = seededUuid(random);
    store.insert("User", { id, created: now, lastModified: now, version: 1, attrs });
    userIds.push(id);
  }
  const groups = options.groups ?? 0;
  const perGroup = options.membersPerGroup ?? 25;
  const groupOffset = store.groups.size;
  for (let g = 0; g < groups; g++) {
    const displayName = `${random.pick(p.departments)} ${groupOffset + g + 1}`;
    const size = userIds.length === 0 ? 0 : random.int(0, Math.min(perGroup, userIds.length));
    const chosen = new Set<string>();
    while (chosen.size < size) chosen.add(random.pick(userIds));
    const members = [...chosen].map((value) => {
      const user = store.users.get(value)!;
      return { value, display: user.attrs.displayName, type: "User" };
    });
    const attrs: Attrs = { displayName, externalId: seededUuid(random), ...(members.length ? { members } : {}) };
    store.insert("Group", { id: seededUuid(random), created: now, lastModified: now, version: 1, attrs });
  }
  return { users, groups };
}

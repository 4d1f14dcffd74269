import { Faker, base, en } from "@faker-js/faker";
import type { Random } from "../../common/random";

/**
 * Pools of names drawn once from a seeded faker instance. Calling faker per user and field makes
 * 100,000 users take tens of seconds; drawing a few hundred values per pool and combining them
 * with a fast seeded generator keeps generation at well under a second per 100,000 users while the
 * people still look like people (same seed, same pools, same people).
 */
export interface NamePools {
  firstNames: string[];
  lastNames: string[];
  jobTitles: string[];
  departments: string[];
  groupNouns: string[];
  groupDescriptions: string[];
}

export function buildNamePools(random: Random): NamePools {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(random.int(0, 2 ** 31 - 1));
  return {
    firstNames: unique(() => faker.person.firstName(), 400),
    lastNames: unique(() => faker.person.lastName(), 400),
    jobTitles: unique(() => faker.person.jobTitle(), 150),
    departments: unique(() => faker.commerce.department(), 20),
    groupNouns: unique(() => titleCase(faker.company.buzzNoun()), 120),
    groupDescriptions: unique(() => faker.company.catchPhrase(), 100),
  };
}

/** Up to `size` distinct values (fewer when the source runs dry), in the order first drawn. */
function unique(draw: () => string, size: number): string[] {
  const seen = new Set<string>();
  for (let attempts = 0; seen.size < size && attempts < size * 20; attempts++) seen.add(draw());
  return [...seen];
}

function titleCase(text: string): string {
  return text.replace(/(^|\s)(\p{L})/gu, (_, space: string, letter: string) => space + letter.toUpperCase());
}

/**
 * The live run's population: a seeded directory (same seed, same people, managers and
 * memberships) whose names carry the run prefix, so that cleanup can find every object the engine
 * created by its key, and nothing else.
 */
import type { SourceDirectory, SourceGroup, SourceUser } from "../../../engine/directory/types";
import { VALIDATION_DOMAIN } from "../checks/subjects";

export interface Population {
  users: SourceUser[];
  groups: SourceGroup[];
}

export function seedPopulation(
  directory: SourceDirectory,
  options: { users: number; groups: number; seed: string; prefix: string; assignTo: string },
): Population {
  const generated = directory.generate({ users: options.users, groups: options.groups, seed: options.seed, assignTo: options.assignTo });
  const users = generated.users.map((u) => {
    const local = `${options.prefix}${u.userPrincipalName.split("@")[0]!.toLowerCase()}`;
    return directory.updateUser(u.id, { userPrincipalName: `${local}@${VALIDATION_DOMAIN}`, mail: `${local}@${VALIDATION_DOMAIN}`, mailNickname: local });
  });
  const groups = generated.groups.map((g) => {
    directory.updateGroup(g.id, { displayName: `${options.prefix}${g.displayName}`, mailNickname: `${options.prefix}${g.mailNickname}` });
    return directory.getGroup(g.id)!;
  });
  return { users, groups };
}

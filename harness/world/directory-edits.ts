import type { SourceDirectory } from "../../engine/directory/types";
import type { DirectoryEdit } from "./world";

/**
 * Applies a runner's directory edit to the engine's source directory (in process). `generateSeed`
 * is the seed of a `generate` edit: each one needs its own, or it would draw the same people.
 */
export function applyDirectoryEdit(directory: SourceDirectory, servicePrincipalId: string, edit: DirectoryEdit, generateSeed: string): void {
  switch (edit.edit) {
    case "createUser": {
      const user = directory.createUser(edit.user);
      if (edit.assigned) directory.assign(servicePrincipalId, user.id);
      return;
    }
    case "createGroup": {
      const group = directory.createGroup(edit.group);
      for (const id of edit.memberIds) directory.addMember(group.id, id);
      if (edit.assigned) directory.assign(servicePrincipalId, group.id);
      return;
    }
    case "updateUser":
      directory.updateUser(edit.id, edit.set);
      return;
    case "updateGroup":
      directory.updateGroup(edit.id, edit.set);
      return;
    case "deleteUser":
      directory.deleteUser(edit.id, { hard: edit.hard });
      return;
    case "deleteGroup":
      directory.deleteGroup(edit.id, { hard: edit.hard });
      return;
    case "assign":
      directory.assign(servicePrincipalId, edit.id);
      return;
    case "unassign":
      directory.unassign(servicePrincipalId, edit.id);
      return;
    case "addMember":
      directory.addMember(edit.groupId, edit.userId);
      return;
    case "removeMember":
      directory.removeMember(edit.groupId, edit.userId);
      return;
    case "generate":
      directory.generate({ users: edit.users, groups: edit.groups, seed: generateSeed, ...(edit.assigned ? { assignTo: servicePrincipalId } : {}) });
      return;
  }
}

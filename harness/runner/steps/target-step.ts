import type { TargetStep } from "../../scenario/engine-step-schemas";
import type { StepContext, StepOutcome } from "../step-context";

/** `target`: stop or start the target (keeping or wiping its data), seed it, switch its profile. */
export async function runTargetStep(change: TargetStep, ctx: StepContext): Promise<StepOutcome> {
  const target = ctx.world.target;
  switch (change.change) {
    case "state": {
      await target.setState(change.state, change.keepData);
      // Creates before a wipe are not duplicates of creates after it (no-duplicate-creates).
      const journalMark = change.keepData ? undefined : (await target.journal()).length;
      ctx.record("target-state", { state: change.state, keepData: change.keepData, ...(journalMark !== undefined ? { journalMark } : {}) });
      return { detail: `target ${change.state}${change.keepData ? "" : ", data wiped"}` };
    }
    case "seed": {
      const seed = change.seed ?? ctx.seed;
      await target.seed({ users: change.users, groups: change.groups, seed });
      ctx.record("target-seed", { users: change.users, groups: change.groups });
      return { detail: `seeded ${change.users} users and ${change.groups} groups on the target` };
    }
    case "profile":
      await target.setProfile(change.profile);
      ctx.record("target-profile", { profile: change.profile });
      return { detail: `target profile ${change.profile}` };
  }
}

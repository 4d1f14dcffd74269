/** The fault action kinds by `type`, one file each (like Toxiproxy's toxics). */
import type { ActionKind } from "./action";
import { authAction } from "./auth";
import { commitThenFailAction } from "./commit-then-fail";
import { duplicateResultsAction } from "./duplicate-results";
import { errorAction } from "./error";
import { hangAction } from "./hang";
import { latencyAction } from "./latency";
import { malformedAction } from "./malformed";
import { outageAction } from "./outage";
import { quotaAction } from "./quota";
import { resetAction } from "./reset";
import { throttleAction } from "./throttle";

export const ACTIONS: ReadonlyMap<string, ActionKind> = new Map(
  [errorAction, authAction, throttleAction, quotaAction, latencyAction, hangAction, resetAction, malformedAction, commitThenFailAction, duplicateResultsAction, outageAction].map(
    (a) => [a.type, a as ActionKind],
  ),
);

export const ACTION_TYPES = [...ACTIONS.keys()];

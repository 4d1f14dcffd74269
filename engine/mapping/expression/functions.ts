import type { FunctionDefinition } from "./function-types";
import { LOGIC_FUNCTIONS } from "./logic-functions";
import { REPLACE_FUNCTION } from "./replace-function";
import { STRING_FUNCTIONS } from "./string-functions";

/**
 * Every supported function by lower-cased name. Names match case-insensitively: Microsoft's own
 * reference spells Switch as `switch(` in one example, and a mapping should not fail over that.
 * `IgnoreFlowIfNullOrEmpty` is handled by the compiler (it changes whether the attribute flows).
 */
export const FUNCTIONS: ReadonlyMap<string, FunctionDefinition> = new Map(
  [...STRING_FUNCTIONS, ...LOGIC_FUNCTIONS, REPLACE_FUNCTION].map((fn) => [fn.name.toLowerCase(), fn]),
);

/** Entra functions scimlab knows but does not evaluate, with the reason given to the user. */
export const UNSUPPORTED_FUNCTIONS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    AppRoleAssignmentsComplex: "app roles are not modelled",
    SingleAppRoleAssignment: "app roles are not modelled",
    SelectUniqueValue: "Entra supports it only for Active Directory targets",
    BitAnd: "hexadecimal literals are not supported",
    CDate: "dates are not modelled",
    DateAdd: "dates are not modelled",
    DateDiff: "dates are not modelled",
    DateFromNum: "dates are not modelled",
    FormatDateTime: "dates are not modelled",
    NumFromDate: "dates are not modelled",
    Now: "it would read the wall clock",
    Guid: "it is random on every evaluation",
    RandomString: "it is random on every evaluation",
    Redact: "provisioning logs do not redact per attribute",
    Count: "multi-valued source attributes are not modelled",
    Item: "multi-valued source attributes are not modelled",
    Split: "multi-valued target attributes are not modelled",
    RemoveDuplicates: "multi-valued source attributes are not modelled",
  }).map(([name, reason]) => [name.toLowerCase(), `${name} is not supported by scimlab: ${reason}`]),
);

/** Named constants an expression may use (InStr's compareType). */
export const CONSTANTS: ReadonlySet<string> = new Set(["vbBinaryCompare", "vbTextCompare"]);

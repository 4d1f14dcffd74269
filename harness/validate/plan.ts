/** Which checks run, in which order, for a profile and its dialects. */
import type { Check } from "./checks/check-types";
import { duplicateCheck, emptyListCheck, notFoundCheck, userNameCaseCheck } from "./checks/behaviour-checks";
import { entraConnectionTestCheck, oktaConnectionTestCheck, unauthorizedCheck } from "./checks/connection-checks";
import { discoveryConsistentCheck, resourceTypesCheck, schemasCheck, serviceProviderConfigCheck } from "./checks/discovery-checks";
import { groupSequence } from "./checks/group-sequence";
import { etagCheck, paginationCheck } from "./checks/paging-etag-checks";
import { userSequence } from "./checks/user-sequence";
import { liveChecks } from "./live/live-checks";
import type { ValidateConfig } from "./validate-config";

export function planChecks(config: Pick<ValidateConfig, "profile" | "dialects" | "live">): Check[] {
  const checks: Check[] = [serviceProviderConfigCheck, resourceTypesCheck, schemasCheck];
  if (config.profile === "entra") checks.push(entraConnectionTestCheck);
  if (config.profile === "okta") checks.push(oktaConnectionTestCheck);
  checks.push(unauthorizedCheck, emptyListCheck, userNameCaseCheck);
  for (const dialect of config.dialects) checks.push(...userSequence(dialect), ...groupSequence(dialect));
  checks.push(duplicateCheck, notFoundCheck, paginationCheck, etagCheck);
  if (config.live && config.profile === "entra") {
    for (const dialect of config.dialects) if (dialect === "entra-2017" || dialect === "entra-2020") checks.push(...liveChecks(dialect));
  }
  // Last: it compares what discovery advertised with what every other check saw.
  checks.push(discoveryConsistentCheck);
  return checks;
}

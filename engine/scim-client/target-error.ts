/**
 * Every failure talking to the target becomes a TargetError with an Entra-style error code (the
 * names the service uses in provisioning logs, where known) and a category that decides what the
 * cycle does with it: retry inside the cycle (429), escrow the object, or fail the whole cycle.
 */

export type TargetErrorCategory =
  | "credentials" // 401, 403: the target rejects the credentials
  | "unreachable" // connection refused, reset, DNS failure
  | "timeout" // no answer within the request timeout
  | "throttled" // 429 after the in-cycle retries
  | "conflict" // 409, or several target objects match
  | "notFound" // 404
  | "badRequest" // other 4xx
  | "server" // 5xx
  | "incompatible" // an answer the SCIM client cannot use (not JSON, no id, …)
  | "anchor"; // the source object has no value for the matching attribute

export class TargetError extends Error {
  constructor(
    readonly code: string,
    readonly category: TargetErrorCategory,
    message: string,
    readonly httpStatus: number | null = null,
    /** The target's own words (SCIM `detail`), already scrubbed of secrets. */
    readonly detail: string | null = null,
  ) {
    super(message);
    this.name = "TargetError";
  }

  /** Failures that say the target as a whole is unusable, not this object. */
  get isJobLevel(): boolean {
    return this.category === "credentials" || this.category === "unreachable" || this.category === "timeout";
  }
}

/** Entra error code per HTTP status of the target's answer. */
const STATUS_CODES: Record<number, [string, TargetErrorCategory]> = {
  400: ["SystemForCrossDomainIdentityManagementBadRequest", "badRequest"],
  401: ["Unauthorized", "credentials"],
  403: ["InsufficientRights", "credentials"],
  404: ["EntryNotFound", "notFound"],
  405: ["MethodNotAllowed", "badRequest"],
  409: ["EntryConflict", "conflict"],
  412: ["PreconditionFailed", "conflict"],
  422: ["UnprocessableEntity", "badRequest"],
  429: ["TooManyRequests", "throttled"],
  500: ["InternalServerError", "server"],
  501: ["NotImplemented", "server"],
  502: ["BadGateway", "server"],
  503: ["ServiceUnavailable", "server"],
  504: ["GatewayTimeout", "server"],
};

/** The code the connection test reports when the target rejects the credentials. */
export const CREDENTIAL_VALIDATION_FAILURE = "SystemForCrossDomainIdentityManagementCredentialValidationFailure";
/** The code for answers the SCIM client cannot parse or use. */
export const SERVICE_INCOMPATIBLE = "SystemForCrossDomainIdentityManagementServiceIncompatible";

export function errorForStatus(status: number, method: string, path: string, detail: string | null): TargetError {
  const known = STATUS_CODES[status];
  const [code, category]: [string, TargetErrorCategory] =
    known ?? (status >= 500 ? ["InternalServerError", "server"] : ["SystemForCrossDomainIdentityManagementBadRequest", "badRequest"]);
  const said = detail ? `: ${detail}` : "";
  return withoutStack(() => new TargetError(code, category, `${method} ${path} answered ${status}${said}`, status, detail));
}

/**
 * An answer of the target is an outcome, not a fault of the engine: where the engine was when it
 * read it says nothing, and capturing the stack cost more than the rest of a failed object's
 * bookkeeping (thousands of 400s in an escrow cycle). `stack` is then just the name and message.
 */
function withoutStack(make: () => TargetError): TargetError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export function timeoutError(method: string, path: string, timeoutMs: number): TargetError {
  return new TargetError("Timeout", "timeout", `${method} ${path} did not answer within ${timeoutMs} ms`);
}

export function unreachableError(method: string, path: string, cause: string): TargetError {
  return new TargetError("SystemForCrossDomainIdentityManagementServiceUnreachable", "unreachable", `${method} ${path} could not reach the target (${cause})`);
}

export function incompatibleError(method: string, path: string, problem: string): TargetError {
  return new TargetError(SERVICE_INCOMPATIBLE, "incompatible", `${method} ${path}: ${problem}`);
}

/** What a provisioning log says to do about an error, by category. */
export function recommendedAction(category: TargetErrorCategory): string {
  switch (category) {
    case "credentials":
      return "Check the secret token or OAuth client credentials of the job, then restart it.";
    case "unreachable":
    case "timeout":
      return "Check that the tenant URL is right and the SCIM endpoint is up and reachable.";
    case "throttled":
      return "The target is overloaded; the object is retried automatically.";
    case "conflict":
      return "Correct the conflicting values in the source or the target, or review the matching attribute.";
    case "notFound":
      return "The target object no longer exists; it is matched again on the next attempt.";
    case "anchor":
      return "Give the object a value for the matching attribute, or change the matching attribute.";
    case "incompatible":
      return "Make the SCIM endpoint answer as RFC 7644 requires (JSON body, id on created resources).";
    case "badRequest":
      return "Review the attribute mappings and the target's error detail.";
    case "server":
      return "The target failed; the object is retried automatically. Check the target's logs.";
  }
}

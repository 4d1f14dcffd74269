import { SCHEMA, type ScimErrorBody, type ScimType } from "./types";

/**
 * A SCIM protocol error (RFC 7644 section 3.12). It renders its own body; the simulator's single
 * error handler turns any ScimError into a response with this status, body and headers.
 */
export class ScimError extends Error {
  readonly code = "SCIM_ERROR";

  constructor(
    readonly status: number,
    readonly scimType: ScimType | undefined,
    readonly detail: string,
    /** Extra response headers, e.g. `WWW-Authenticate` on 401 or `Allow` on 405. */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = "ScimError";
  }

  toBody(): ScimErrorBody {
    return errorBody(this.status, this.detail, this.scimType);
  }

  static invalidSyntax(detail: string): ScimError {
    return new ScimError(400, "invalidSyntax", detail);
  }
  static invalidValue(detail: string): ScimError {
    return new ScimError(400, "invalidValue", detail);
  }
  static invalidFilter(detail: string): ScimError {
    return new ScimError(400, "invalidFilter", detail);
  }
  static invalidPath(detail: string): ScimError {
    return new ScimError(400, "invalidPath", detail);
  }
  static noTarget(detail: string): ScimError {
    return new ScimError(400, "noTarget", detail);
  }
  static mutability(detail: string): ScimError {
    return new ScimError(400, "mutability", detail);
  }
  static uniqueness(detail: string): ScimError {
    return new ScimError(409, "uniqueness", detail);
  }
  static notFound(detail: string): ScimError {
    return new ScimError(404, undefined, detail);
  }
}

/** The SCIM error body; `status` is a string on the wire. */
export function errorBody(status: number, detail?: string, scimType?: ScimType): ScimErrorBody {
  const body: ScimErrorBody = { schemas: [SCHEMA.error], status: String(status) };
  if (scimType) body.scimType = scimType;
  if (detail !== undefined) body.detail = detail;
  return body;
}

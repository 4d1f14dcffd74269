/**
 * A refused engine operation, with the Graph error code and HTTP status the API answers with.
 * Messages name the offending id or field and never carry secrets.
 */
export class EngineError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "EngineError";
  }

  static notFound(what: string, id: string): EngineError {
    return new EngineError(404, "ResourceNotFound", `no ${what} with id '${id}'`);
  }

  static badRequest(message: string): EngineError {
    return new EngineError(400, "BadRequest", message);
  }

  static conflict(message: string): EngineError {
    return new EngineError(409, "Conflict", message);
  }
}

/** Why a directory operation was refused. Stable: the API maps these to Graph error codes. */
export type DirectoryErrorCode = "NotFound" | "Conflict" | "InvalidValue" | "InvalidDeltaToken";

/**
 * A directory operation that was refused: an unknown id, a duplicate, a bad value, a delta token
 * the directory never issued. Nothing was written when one is thrown.
 */
export class DirectoryError extends Error {
  constructor(
    readonly code: DirectoryErrorCode,
    message: string,
    /** The offending input field, when there is one (e.g. `userPrincipalName`). */
    readonly field?: string,
  ) {
    super(message);
    this.name = "DirectoryError";
  }

  static notFound(kind: string, id: string): DirectoryError {
    return new DirectoryError("NotFound", `no ${kind} with id "${id}"`);
  }
}

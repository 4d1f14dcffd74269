import type { Engine } from "../../engine/index";
import { classify } from "../../engine/api/graph-errors";
import type { CredentialCheck } from "./world";

/** What the scenario asked to test: the saved credentials, or these values over them. */
export type CredentialsToTest = "saved" | Record<string, string>;

/**
 * The body of `POST …/jobs/{id}/validateCredentials` for the credentials to test: the saved ones
 * (`useSavedCredentials`), or a `{key, value}` list the engine lays over the saved ones.
 */
export function validateCredentialsBody(credentials: CredentialsToTest): Record<string, unknown> {
  if (credentials === "saved") return { useSavedCredentials: true };
  return { credentials: Object.entries(credentials).map(([key, value]) => ({ key, value })) };
}

/**
 * Runs the engine's connection test in this process and answers as its HTTP route would: ok, or
 * the status and Graph error code the route's error handler gives (engine/api/graph-errors.ts),
 * so that in-process and child-process worlds answer alike. A rejection is an answer, not an error;
 * only what the route would answer with a 5xx is thrown.
 */
export async function checkCredentials(engine: Engine, jobId: string, credentials: CredentialsToTest): Promise<CredentialCheck> {
  try {
    await engine.validateCredentials(jobId, credentials === "saved" ? { useSavedCredentials: true } : { credentials });
    return { ok: true };
  } catch (error) {
    const { status, code, message } = classify(error);
    if (status >= 500) throw error;
    return { ok: false, status, code, message: engine.secrets.scrub(message) };
  }
}

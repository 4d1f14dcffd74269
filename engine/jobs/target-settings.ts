/**
 * The synchronization secrets of a service principal (Graph `PUT …/synchronization/secrets`)
 * become the settings the SCIM client needs. Keys as Entra names them:
 * - `BaseAddress` (tenant URL; `?aadOptscim062020` selects the 2020 dialect), `SecretToken`;
 * - or `authenticationType` = `OAuth2ClientCredentialsGrant` with `Oauth2TokenExchangeUri`,
 *   `Oauth2ClientId`, `Oauth2ClientSecret` (and optional `Oauth2Scope`);
 * - `SyncAll` (`"true"`: everyone in scope; default only assigned users and groups);
 * - `SyncNotificationSettings` (JSON string; read by the notification module).
 */
import type { EntraDialect } from "../../scim/dialect";
import type { TargetCredentials } from "../scim-client/target-auth";
import type { ProvisioningScope, SecretMap } from "./job-types";

export const SECRET_KEYS = [
  "BaseAddress",
  "SecretToken",
  "SyncAll",
  "SyncNotificationSettings",
  "authenticationType",
  "Oauth2TokenExchangeUri",
  "Oauth2ClientId",
  "Oauth2ClientSecret",
  "Oauth2Scope",
] as const;

/** Keys whose values are secret and never shown. */
export const SECRET_VALUE_KEYS = ["SecretToken", "Oauth2ClientSecret"] as const;

export class NotConfiguredError extends Error {
  readonly code = "NotConfigured";
  constructor(message: string) {
    super(message);
    this.name = "NotConfiguredError";
  }
}

export interface TargetSettings {
  baseUrl: string;
  dialect: EntraDialect;
  credentials: TargetCredentials;
  scope: ProvisioningScope;
}

const FLAG_2020 = "aadOptscim062020";

/** Throws NotConfiguredError naming the missing or bad secret. */
export function targetSettings(secrets: SecretMap, defaultDialect: EntraDialect): TargetSettings {
  const address = secrets.BaseAddress?.trim();
  if (!address) throw new NotConfiguredError("the BaseAddress secret (the target's tenant URL) is not set");
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new NotConfiguredError(`the BaseAddress secret is not a URL: ${JSON.stringify(address)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new NotConfiguredError(`the BaseAddress secret must be an http or https URL, not ${url.protocol}`);
  }
  let dialect = defaultDialect;
  if (url.searchParams.has(FLAG_2020)) {
    dialect = "entra-2020";
    url.searchParams.delete(FLAG_2020);
  }
  const baseUrl = url.toString().replace(/\?$/, "").replace(/\/+$/, "");
  return { baseUrl, dialect, credentials: credentialsOf(secrets), scope: secrets.SyncAll?.toLowerCase() === "true" ? "all" : "assigned" };
}

function credentialsOf(secrets: SecretMap): TargetCredentials {
  if ((secrets.authenticationType ?? "").toLowerCase() === "oauth2clientcredentialsgrant") {
    const tokenUrl = secrets.Oauth2TokenExchangeUri;
    const clientId = secrets.Oauth2ClientId;
    const clientSecret = secrets.Oauth2ClientSecret;
    if (!tokenUrl || !clientId || !clientSecret) {
      throw new NotConfiguredError("OAuth2ClientCredentialsGrant needs Oauth2TokenExchangeUri, Oauth2ClientId and Oauth2ClientSecret");
    }
    return { kind: "oauth-client-credentials", tokenUrl, clientId, clientSecret, ...(secrets.Oauth2Scope ? { scope: secrets.Oauth2Scope } : {}) };
  }
  const token = secrets.SecretToken;
  if (!token) throw new NotConfiguredError("the SecretToken secret (the target's bearer token) is not set");
  return { kind: "bearer", token };
}

/** Secrets as Graph shows them when read back: secret values masked. */
export function maskedSecrets(secrets: SecretMap): Array<{ key: string; value: string }> {
  return Object.entries(secrets).map(([key, value]) => ({
    key,
    value: (SECRET_VALUE_KEYS as readonly string[]).includes(key) ? "*" : value,
  }));
}

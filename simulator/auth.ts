/**
 * Who may call a target: static bearer tokens, HTTP basic credentials, and tokens issued by the
 * OAuth 2.0 client-credentials endpoint (RFC 6749 4.4), which expire on the target's clock.
 * A refusal is a 401 with `WWW-Authenticate` and a SCIM error body.
 */
import { randomBytes } from "node:crypto";
import type { Clock } from "../common/clock";
import { parseDuration } from "../common/duration";
import type { SecretRegistry } from "../common/redact";
import { secretEquals, secretIn } from "../common/secret-compare";
import { ScimError } from "../scim/scim-error";
import type { AuthSchemeInfo } from "./discovery";

export interface BasicCredential {
  username: string;
  password: string;
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  /** Lifetime of issued tokens: prose or ISO 8601 ("1h", "PT30M") or milliseconds. @default "1h" */
  tokenTtl?: string | number;
}

export interface AuthOptions {
  tokens?: string[];
  basic?: BasicCredential[];
  oauth?: OAuthClient;
}

export type AuthResult = { principal: string; token?: string };

export class Authenticator {
  readonly tokens: string[];
  private readonly basic: BasicCredential[];
  private readonly oauth: OAuthClient | undefined;
  private readonly ttlMs: number;
  private readonly issued = new Map<string, { expiresAt: number; clientId: string }>();

  constructor(
    options: AuthOptions,
    private readonly clock: Clock,
    private readonly secrets: SecretRegistry,
  ) {
    this.basic = options.basic ?? [];
    this.oauth = options.oauth;
    const anyConfigured = (options.tokens?.length ?? 0) > 0 || this.basic.length > 0 || this.oauth !== undefined;
    this.tokens = anyConfigured ? [...(options.tokens ?? [])] : [generateToken()];
    this.ttlMs = this.oauth?.tokenTtl === undefined ? 3_600_000 : parseDuration(this.oauth.tokenTtl);
    secrets.add(...this.tokens, ...this.basic.map((b) => b.password), this.oauth?.clientSecret);
  }

  schemes(): AuthSchemeInfo {
    return { bearer: this.tokens.length > 0, basic: this.basic.length > 0, oauth: this.oauth !== undefined };
  }

  /** Checks an Authorization header; throws a 401 ScimError when it does not grant access. */
  authenticate(authorization: string | undefined): AuthResult {
    if (!authorization) throw this.refuse(undefined, "authentication required: send Authorization: Bearer <token>");
    const space = authorization.indexOf(" ");
    const scheme = (space < 0 ? authorization : authorization.slice(0, space)).toLowerCase();
    const credentials = space < 0 ? "" : authorization.slice(space + 1).trim();
    if (scheme === "bearer") {
      // Compared in constant time against every configured token (timing tells neither which nor how much matched).
      if (secretIn(credentials, this.tokens)) return { principal: "token", token: credentials };
      const issued = this.issued.get(credentials);
      if (issued) {
        if (issued.expiresAt > this.clock.now()) return { principal: `client:${issued.clientId}`, token: credentials };
        this.issued.delete(credentials);
        throw this.refuse("invalid_token", "the access token expired");
      }
      throw this.refuse("invalid_token", "the bearer token is not valid for this service");
    }
    if (scheme === "basic" && this.basic.length > 0) {
      const decoded = Buffer.from(credentials, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      const user = decoded.slice(0, colon);
      const pass = decoded.slice(colon + 1);
      if (colon >= 0 && secretIn(`${user}:${pass}`, this.basic.map((b) => `${b.username}:${b.password}`))) return { principal: `basic:${user}` };
      throw this.refuse(undefined, "the user name or password is wrong");
    }
    throw this.refuse(undefined, `the ${scheme} scheme is not accepted here`);
  }

  /** A 401 with the challenges this target accepts. */
  refuse(error: string | undefined, detail: string): ScimError {
    const challenges: string[] = [];
    if (this.tokens.length > 0 || this.oauth) {
      challenges.push(`Bearer realm="scimlab"${error ? `, error="${error}", error_description="${detail}"` : ""}`);
    }
    if (this.basic.length > 0) challenges.push(`Basic realm="scimlab", charset="UTF-8"`);
    return new ScimError(401, undefined, detail, { "WWW-Authenticate": challenges.join(", ") });
  }

  /** The token endpoint: client credentials in, a bearer token with its lifetime out. */
  issue(grantType: string | undefined, clientId: string | undefined, clientSecret: string | undefined): OAuthOutcome {
    if (!this.oauth) return { status: 404, body: { error: "invalid_request", error_description: "this target has no OAuth client configured" } };
    if (grantType !== "client_credentials") {
      return { status: 400, body: { error: "unsupported_grant_type", error_description: "only grant_type=client_credentials is supported" } };
    }
    if (clientId !== this.oauth.clientId || typeof clientSecret !== "string" || !secretEquals(clientSecret, this.oauth.clientSecret)) {
      return { status: 401, body: { error: "invalid_client", error_description: "unknown client or wrong secret" }, headers: { "WWW-Authenticate": 'Basic realm="scimlab"' } };
    }
    const token = generateToken();
    this.secrets.add(token);
    this.issued.set(token, { expiresAt: this.clock.now() + this.ttlMs, clientId });
    return { status: 200, body: { access_token: token, token_type: "Bearer", expires_in: Math.round(this.ttlMs / 1000) } };
  }

  /** Forgets issued tokens (a reset, or a target coming back up). */
  revokeIssued(): void {
    this.issued.clear();
  }
}

export interface OAuthOutcome {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Hex, so a token never starts with "-" (command lines would take it for a flag). */
function generateToken(): string {
  return randomBytes(24).toString("hex");
}


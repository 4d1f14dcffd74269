/**
 * Secrets never leak: tokens, client secrets and SMTP passwords are replaced by a marker wherever
 * text leaves the process (logs, journals, reports, error messages). A {@link SecretRegistry}
 * knows the live secret values; the header and key lists catch the ones it was never told about.
 */
export const REDACTED = "[REDACTED]";

/** Header names whose values are always secret. */
export const SECRET_HEADERS = ["authorization", "proxy-authorization", "cookie", "set-cookie", "x-admin-token", "x-api-key"];

/** Object keys whose values are always secret, matched case-insensitively. */
const SECRET_KEY = /^(?:.*token|.*secret|.*password|passwd|authorization|client_secret|credentials?|api[-_]?key)$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export class SecretRegistry {
  private readonly values = new Set<string>();

  /** Registers a live secret value; values shorter than 4 characters are ignored (too noisy). */
  add(...secrets: Array<string | undefined | null>): void {
    for (const s of secrets) if (s && s.length >= 4) this.values.add(s);
  }

  has(secret: string): boolean {
    return this.values.has(secret);
  }

  /** Replaces every registered secret in `text`. */
  scrub(text: string): string {
    let out = text;
    for (const s of this.values) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  }

  /** Deep copy with secret keys masked and registered values scrubbed from strings. */
  scrubValue<T>(value: T): T {
    return scrubDeep(value, this) as T;
  }
}

/** Headers with secret ones masked; keeps the scheme of an Authorization header (`Bearer [REDACTED]`). */
export function redactHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (SECRET_HEADERS.includes(name.toLowerCase())) {
      const scheme = typeof value === "string" ? /^(\w+)\s/.exec(value)?.[1] : undefined;
      out[name] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
    } else out[name] = value;
  }
  return out;
}

function scrubDeep(value: unknown, registry: SecretRegistry | undefined, depth = 0): unknown {
  if (depth > 64) return REDACTED;
  if (typeof value === "string") return registry ? registry.scrub(value) : value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, registry, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = isSecretKey(k) && v !== null && v !== undefined && v !== "" ? REDACTED : scrubDeep(v, registry, depth + 1);
    }
    return out;
  }
  return value;
}

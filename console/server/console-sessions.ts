import { createHash, randomBytes } from "node:crypto";

/**
 * Who may see a console: one-time login tokens (printed by the command line, redeemed once for a
 * session) and the sessions they opened (an HttpOnly cookie). Both live in memory only, so a
 * restart of the process logs everybody out and prints a fresh link. Tokens and session ids are
 * kept as SHA-256 digests: a lookup's timing says nothing useful about a live value.
 */
export class ConsoleSessions {
  /** Cookie name, unique per console instance: two consoles on one host (cookies ignore ports) keep apart. */
  readonly cookieName: string;
  private readonly loginTokens = new Set<string>();
  private readonly sessions = new Set<string>();

  constructor(kind: "engine" | "simulator") {
    this.cookieName = `scimlab_${kind}_${randomBytes(4).toString("hex")}`;
  }

  /** A new login token; it opens one session, then it is spent. */
  issueLoginToken(): string {
    const token = randomBytes(24).toString("base64url");
    this.loginTokens.add(digest(token));
    return token;
  }

  /** Spends a login token: a new session id, or null when the token is unknown or was used already. */
  redeem(token: string): string | null {
    const key = digest(token);
    if (!this.loginTokens.delete(key)) return null;
    return this.openSession();
  }

  /** Opens a session without a login token (someone who showed the API token). */
  openSession(): string {
    const id = randomBytes(32).toString("base64url");
    this.sessions.add(digest(id));
    return id;
  }

  has(sessionId: string | undefined): boolean {
    return sessionId !== undefined && sessionId !== "" && this.sessions.has(digest(sessionId));
  }

  end(sessionId: string): void {
    this.sessions.delete(digest(sessionId));
  }
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("base64url");
}

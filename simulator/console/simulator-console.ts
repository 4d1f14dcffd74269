/**
 * The simulator's control panel (console/app/simulator), served at `/` on the admin listener
 * (which stays up while the SCIM listener is down): users and groups, fault rules with on/off
 * switches and a form to add one, the request journal live with its HAR. Login is a one-time token
 * (printed by `scimlab simulate`) redeemed for an HttpOnly session cookie; the page reaches the
 * admin API with it, and the bridge puts the admin token on those requests server-side. The admin
 * token itself (`Authorization: Bearer` or `X-Admin-Token`) opens every panel route too.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Express, Request } from "express";
import { ConsoleSessions } from "../../console/server/console-sessions";
import { consoleRouter } from "../../console/server/console-router";
import { cookieBridge } from "../../console/server/cookie-bridge";
import { warmConsoleAssets } from "../../console/server/console-assets";
import { PanelFeed } from "./panel-feed";
import { panelRoutes } from "./panel-routes";
import { ParkedRules, type PanelTarget } from "./panel-target";

export class SimulatorConsole {
  readonly sessions = new ConsoleSessions("simulator");
  readonly rules: ParkedRules;
  private readonly feed: PanelFeed;
  private readonly tokenDigest: Buffer;

  constructor(
    private readonly target: PanelTarget,
    private readonly adminToken: string,
    options: { pollMs?: number } = {},
  ) {
    this.rules = new ParkedRules(target.faults);
    this.feed = new PanelFeed(target, this.rules, options.pollMs);
    this.tokenDigest = digest(adminToken);
  }

  /** Mounts the panel at `/` and the cookie bridge in front of `/_admin` (call before the admin routes). */
  mount(app: Express): void {
    app.use(
      consoleRouter({
        kind: "simulator",
        title: "scimlab simulator",
        sessions: this.sessions,
        hasServiceToken: (req) => this.hasAdminToken(req),
        isServiceToken: (value) => this.isAdminToken(value),
        loginHint: "scimlab simulate prints a login link when it starts (with --admin-token). The admin token also works.",
        routes: panelRoutes(this.target, this.rules, this.feed),
      }),
    );
    app.use(
      cookieBridge({
        sessions: this.sessions,
        paths: /^\/_admin\//,
        authorize: (req) => {
          req.headers.authorization = `Bearer ${this.adminToken}`;
        },
      }),
    );
  }

  /** A new one-time login token. */
  issueLoginToken(): string {
    warmConsoleAssets(); // someone is about to open the console: build its script now
    return this.sessions.issueLoginToken();
  }

  /** `origin/?login=<one-time token>`: what `scimlab simulate` prints. */
  loginUrl(origin: string): string {
    return `${origin.replace(/\/+$/, "")}/?login=${this.issueLoginToken()}`;
  }

  close(): void {
    this.feed.close();
  }

  private hasAdminToken(req: Request): boolean {
    const header = req.headers.authorization;
    const given = header?.toLowerCase().startsWith("bearer ") ? header.slice(7).trim() : req.headers["x-admin-token"];
    return typeof given === "string" && this.isAdminToken(given);
  }

  private isAdminToken(value: string): boolean {
    return timingSafeEqual(digest(value), this.tokenDigest);
  }
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

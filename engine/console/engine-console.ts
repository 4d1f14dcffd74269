/**
 * The web console of `scimlab engine`, served at `/` in front of the engine's API: the
 * provisioning page, provisioning logs, audit, timeline and mailbox (console/app/engine). Login is
 * a one-time token printed by the command line, redeemed for an HttpOnly session cookie; the page
 * then calls the Graph and operator APIs with that cookie, and the bridge below puts the API
 * token on those requests server-side (the token never reaches the browser). Scripts keep using
 * `Authorization: Bearer <apiToken>`, which also opens every console route.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import express, { type Express, type Request } from "express";
import { ConsoleSessions } from "../../console/server/console-sessions";
import { consoleRouter } from "../../console/server/console-router";
import { cookieBridge } from "../../console/server/cookie-bridge";
import { warmConsoleAssets } from "../../console/server/console-assets";
import type { Engine } from "../engine";
import { engineConsoleRoutes } from "./console-routes";
import { EngineWatcher } from "./engine-watcher";

export interface EngineConsoleOptions {
  /** Page title. @default "scimlab engine" */
  title?: string;
  /** How often the event stream looks for changes, in wall milliseconds. @default 500 */
  pollMs?: number;
}

export class EngineConsole {
  readonly sessions = new ConsoleSessions("engine");
  private readonly watcher: EngineWatcher;
  private readonly tokenDigest: Buffer;

  constructor(
    private readonly engine: Engine,
    private readonly options: EngineConsoleOptions = {},
  ) {
    this.watcher = new EngineWatcher(engine, engine.logger, options.pollMs);
    this.tokenDigest = digest(engine.apiToken);
  }

  /** An app that serves the console at `/` and passes everything else to the engine's API app. */
  wrap(api: Express): Express {
    const app = express();
    app.disable("x-powered-by");
    app.set("etag", false);
    app.use(
      consoleRouter({
        kind: "engine",
        title: this.options.title ?? "scimlab engine",
        sessions: this.sessions,
        hasServiceToken: (req) => this.hasApiToken(req),
        isServiceToken: (value) => this.isApiToken(value),
        loginHint: "scimlab engine prints a login link when it starts. The API token (--api-token, or the apiToken it printed) also works.",
        routes: engineConsoleRoutes(this.engine, this.watcher),
      }),
    );
    app.use(
      cookieBridge({
        sessions: this.sessions,
        paths: /^\/(v1\.0|beta|_engine)\//,
        authorize: (req) => {
          req.headers.authorization = `Bearer ${this.engine.apiToken}`;
        },
      }),
    );
    app.use(api);
    return app;
  }

  /** A new one-time login token (each opens one browser session). */
  issueLoginToken(): string {
    warmConsoleAssets(); // someone is about to open the console: build its script now
    const token = this.sessions.issueLoginToken();
    this.engine.secrets.add(token);
    return token;
  }

  /** `origin/?login=<one-time token>`: what the command line prints. */
  loginUrl(origin: string): string {
    return `${origin.replace(/\/+$/, "")}/?login=${this.issueLoginToken()}`;
  }

  /** Ends the event streams and stops watching the engine. */
  close(): void {
    this.watcher.close();
  }

  private hasApiToken(req: Request): boolean {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    return match !== null && this.isApiToken(match[1]!);
  }

  private isApiToken(value: string): boolean {
    return timingSafeEqual(digest(value), this.tokenDigest);
  }
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

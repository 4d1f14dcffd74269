/** The server side every console shares (engine/console and simulator/console build on it). */
export { ConsoleSessions } from "./console-sessions";
export { consoleRouter, isAuthenticated, hasSession, CONSOLE_HEADER, type ConsoleRouterOptions } from "./console-router";
export { cookieBridge } from "./cookie-bridge";
export { openEventStream, type EventStream } from "./event-stream";
export { consoleScript, consoleStyles, warmConsoleAssets, type ConsoleKind } from "./console-assets";

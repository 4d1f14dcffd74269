/**
 * The frame around every page: header with the navigation, the live-connection state and logout;
 * a status line for the outcome of actions; the `<main>` a page draws into. Switching pages
 * disposes the old one (its live subscriptions go with it).
 */
import { h, fill } from "./dom";
import { api, LoggedOutError } from "./http";
import { LiveChannel, type LiveState } from "./live";
import { currentRoute, href, type Route } from "./router";

export interface PageContext {
  live: LiveChannel;
  /** Says the outcome of an action in the status line (announced to screen readers). */
  notify(message: string, kind?: "ok" | "error"): void;
  /** Shows a failed request in the status line; after a 401, how to log in again. */
  fail(error: unknown): void;
}

export interface MountedPage {
  /** The same page with other parameters (filters, paging): update in place, keep the focus. */
  update?(params: URLSearchParams): void;
  dispose?(): void;
}

export interface PageDef {
  id: string;
  label: string;
  mount(main: HTMLElement, params: URLSearchParams, ctx: PageContext): MountedPage | void;
}

const LIVE_TEXT: Record<LiveState, string> = { connecting: "Connecting…", live: "Live", lost: "Disconnected: reload the page (log in again if the service restarted)" };

export function startShell(options: { title: string; pages: readonly PageDef[]; extraHeader?: HTMLElement }): { remount(): void; ctx: PageContext } {
  const live = new LiveChannel();
  const main = h("main", { id: "main", tabindex: "-1" });
  const status = h("p", { class: "status-line", role: "status", "aria-live": "polite" });
  const liveBadge = h("span", { class: "live-state" });
  live.onState((state) => {
    liveBadge.textContent = LIVE_TEXT[state];
    liveBadge.dataset.state = state;
  });
  const links = options.pages.map((p) => h("a", { href: href(p.id), dataset: { page: p.id } }, p.label));
  const logout = h("button", { type: "button", class: "link" }, "Log out");
  logout.addEventListener("click", async () => {
    await api("/_console/logout", { method: "POST" }).catch(() => undefined);
    location.replace("/");
  });
  const header = h(
    "header",
    { class: "top" },
    h("span", { class: "brand" }, options.title),
    h("nav", { "aria-label": "Pages" }, links),
    options.extraHeader,
    h("span", { class: "spacer" }),
    liveBadge,
    logout,
  );
  fill(document.getElementById("app")!, header, status, main);

  let clearTimer: number | undefined;
  const ctx: PageContext = {
    live,
    notify(message, kind = "ok") {
      status.textContent = message;
      status.dataset.kind = kind;
      window.clearTimeout(clearTimer);
      if (kind === "ok") clearTimer = window.setTimeout(() => (status.textContent = ""), 8000);
    },
    fail(error) {
      if (error instanceof LoggedOutError) ctx.notify("Your session ended (the service restarted?). Open the login link the command printed.", "error");
      else ctx.notify(error instanceof Error ? error.message : String(error), "error");
    },
  };

  let current: { def: PageDef; mounted: MountedPage } | undefined;
  let first = true;
  const show = (route: Route, force = false): void => {
    const def = options.pages.find((p) => p.id === route.page) ?? options.pages[0]!;
    for (const link of links) {
      if (link.dataset.page === def.id) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    if (!force && current?.def === def && current.mounted.update) {
      current.mounted.update(route.params);
      return;
    }
    current?.mounted.dispose?.();
    main.replaceChildren();
    document.title = `${def.label} · ${options.title}`;
    current = { def, mounted: def.mount(main, route.params, ctx) ?? {} };
    // After a page change, keyboard and screen-reader users continue in the new content.
    if (!first) main.focus();
    first = false;
  };
  window.addEventListener("hashchange", () => show(currentRoute(options.pages[0]!.id)));
  show(currentRoute(options.pages[0]!.id));
  return { remount: () => show(currentRoute(options.pages[0]!.id), true), ctx };
}

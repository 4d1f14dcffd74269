/** Users and groups on the target, with search and paging. */
import type { ResourcePage } from "../../shared/simulator-console-types";
import { field, fill, h } from "../lib/dom";
import { count } from "../lib/format";
import { navigate } from "../lib/router";
import type { PageDef } from "../lib/shell";
import { simulatorApi } from "./simulator-api";

const PAGE_SIZE = 50;

export function directoryPanel(): PageDef {
  return {
    id: "directory",
    label: "Users and groups",
    mount(main, initial, ctx) {
      let type: "users" | "groups" = "users";
      let start = 0;
      const tabs = (["users", "groups"] as const).map((t) =>
        h("button", { type: "button", class: "secondary", "aria-pressed": "false", dataset: { type: t }, onclick: () => navigate("directory", { type: t, q: search.value }, true) }, t === "users" ? "Users" : "Groups"),
      );
      const search = h("input", { type: "search", id: "directory-search", autocomplete: "off" });
      const summary = h("p", { class: "muted", "aria-live": "polite", id: "directory-summary" });
      const thead = h("thead");
      const tbody = h("tbody");
      const prev = h("button", { type: "button", class: "secondary" }, "Previous page");
      const next = h("button", { type: "button", class: "secondary" }, "Next page");
      const form = h("form", { class: "filters", role: "search" }, field("Search", search, "name, user name, email, id"), h("div", { class: "filter-buttons" }, h("button", { type: "submit", class: "primary" }, "Search")));
      fill(
        main,
        h("h1", null, "Users and groups on the target"),
        h("div", { class: "tabs", role: "group", "aria-label": "Resource type" }, tabs),
        form,
        summary,
        h("div", { class: "table-wrap" }, h("table", { id: "directory-table" }, thead, tbody)),
        h("nav", { class: "pager", "aria-label": "Pages" }, prev, next),
      );
      form.addEventListener("submit", (e) => {
        e.preventDefault();
        navigate("directory", { type, q: search.value }, true);
      });

      const show = (page: ResourcePage): void => {
        fill(thead, h("tr", null, (type === "users" ? ["User name", "Display name", "Active", "Email", "Id"] : ["Display name", "Members", "Id"]).map((c) => h("th", { scope: "col" }, c))));
        fill(
          tbody,
          page.items.length === 0
            ? h("tr", null, h("td", { colspan: "5", class: "muted" }, "Nothing matches."))
            : page.items.map((r) =>
                type === "users"
                  ? h("tr", null, h("td", null, r.name), h("td", null, r.displayName ?? ""), h("td", null, r.active ? "yes" : "no"), h("td", null, r.detail), h("td", null, h("code", null, r.id)))
                  : h("tr", null, h("td", null, r.name), h("td", null, r.detail), h("td", null, h("code", null, r.id))),
              ),
        );
        const last = Math.min(page.startIndex + page.items.length, page.total);
        summary.textContent = `${count(page.total)} ${type} match${page.total === 1 ? "es" : ""}${page.total > 0 ? `; showing ${page.startIndex + 1} to ${last}` : ""}.`;
        prev.disabled = page.startIndex === 0;
        next.disabled = last >= page.total;
      };
      const load = async (): Promise<void> => {
        try {
          show(await simulatorApi.resources(type, search.value, start, PAGE_SIZE));
        } catch (error) {
          ctx.fail(error);
        }
      };
      prev.addEventListener("click", () => {
        start = Math.max(0, start - PAGE_SIZE);
        void load();
      });
      next.addEventListener("click", () => {
        start += PAGE_SIZE;
        void load();
      });
      const update = (p: URLSearchParams): void => {
        type = p.get("type") === "groups" ? "groups" : "users";
        search.value = p.get("q") ?? "";
        start = 0;
        for (const t of tabs) t.setAttribute("aria-pressed", String(t.dataset.type === type));
        void load();
      };
      update(initial);
      return { update, dispose: ctx.live.on("target", () => void load()) };
    },
  };
}

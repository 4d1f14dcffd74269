/**
 * The mail the engine's embedded SMTP catcher received (`GET /_engine/mail`), rendered: the HTML
 * body in a sandboxed frame (no scripts, no same-origin access), the text body beside it.
 */
import type { CaughtMail } from "../../../engine/notifications/mail-store";
import { fill, h, type Child } from "../lib/dom";
import { ApiError } from "../lib/http";
import { utc } from "../lib/format";
import type { PageDef } from "../lib/shell";
import { engineApi } from "./engine-api";

const PAGE_SIZE = 50;

export function mailboxPage(): PageDef {
  return {
    id: "mail",
    label: "Mailbox",
    mount(main, _params, ctx) {
      const listEl = h("ul", { class: "mail-list", "aria-label": "Messages, newest first" });
      const reader = h("section", { class: "mail-reader card", "aria-live": "polite", "aria-label": "Message" }, h("p", { class: "muted" }, "Choose a message."));
      const summary = h("p", { class: "muted", id: "mail-summary" });
      fill(main, h("h1", null, "Mailbox"), summary, h("div", { class: "mailbox" }, h("nav", { "aria-label": "Messages" }, listEl), reader));
      let selected: number | null = null;

      const open = async (id: number): Promise<void> => {
        selected = id;
        for (const b of Array.from(listEl.querySelectorAll<HTMLElement>("button[data-id]"))) b.setAttribute("aria-pressed", String(b.dataset.id === String(id)));
        try {
          fill(reader, message(await engineApi.mail(id)));
        } catch (error) {
          ctx.fail(error);
        }
      };
      const load = async (): Promise<void> => {
        try {
          const { value, count } = await engineApi.mails(PAGE_SIZE, 0);
          summary.textContent = count === 0 ? "No mail yet." : `${count} message${count === 1 ? "" : "s"}${count > value.length ? `, the newest ${value.length} shown` : ""}.`;
          fill(
            listEl,
            value.map((m) =>
              h(
                "li",
                null,
                h(
                  "button",
                  { type: "button", class: "mail-item", dataset: { id: String(m.id) }, "aria-pressed": String(m.id === selected), onclick: () => void open(m.id) },
                  h("strong", null, m.subject ?? "(no subject)"),
                  h("span", null, `To ${m.to.join(", ")}`),
                  h("span", { class: "muted" }, utc(m.receivedAt)),
                ),
              ),
            ),
          );
          if (selected === null && value[0]) await open(value[0].id);
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) summary.textContent = "This engine has no mail catcher (mail goes to an SMTP server of its configuration).";
          else ctx.fail(error);
        }
      };
      void load();
      return { dispose: ctx.live.on("mail", () => void load()) };
    },
  };
}

function message(m: CaughtMail): Child[] {
  const header = (name: string, value: string | null | undefined): HTMLElement[] => (value ? [h("dt", null, name), h("dd", null, value)] : []);
  return [
    h("h2", null, m.subject ?? "(no subject)"),
    h(
      "dl",
      { class: "facts" },
      header("From", m.from),
      header("To", m.to.join(", ")),
      header("Received", utc(m.receivedAt)),
      header("Message-ID", m.messageId),
      header("Notification", m.headers["x-scimlab-notification"]),
    ),
    m.html
      ? h("iframe", { class: "mail-html", title: `HTML body of ${m.subject ?? "the message"}`, sandbox: "", srcdoc: m.html, referrerpolicy: "no-referrer" })
      : h("pre", { class: "mail-text" }, m.text ?? ""),
    m.html && m.text ? h("details", null, h("summary", null, "Text version"), h("pre", { class: "mail-text" }, m.text)) : null,
  ];
}

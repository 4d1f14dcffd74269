import { h, uid, type Child } from "./dom";

/**
 * A modal `<dialog>`: the browser traps focus inside it and Escape closes it. Used for the
 * confirmation of destructive actions and for detail views.
 */
export function openDialog(title: string, body: Child, options: { wide?: boolean; onClose?: () => void } = {}): HTMLDialogElement {
  const heading = h("h2", { id: uid("dialog-title") }, title);
  const close = h("button", { type: "button", class: "close", "aria-label": "Close" }, "×");
  const dialog = h("dialog", { class: options.wide ? "wide" : "", "aria-labelledby": heading.id }, h("header", null, heading, close), h("div", { class: "dialog-body" }, body));
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    dialog.remove();
    options.onClose?.();
  });
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

/**
 * Asks before a destructive action. Resolves true only on the confirm button; the cancel button
 * has the focus first, so Enter on an unread dialog does nothing harmful.
 */
export function confirmAction(title: string, message: Child, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    let answer = false;
    const cancel = h("button", { type: "button", class: "secondary" }, "Cancel");
    const confirm = h("button", { type: "button", class: "danger" }, confirmLabel);
    const dialog = openDialog(title, [h("div", { class: "confirm-message" }, message), h("div", { class: "actions" }, cancel, confirm)], {
      onClose: () => resolve(answer),
    });
    dialog.setAttribute("role", "alertdialog");
    cancel.addEventListener("click", () => dialog.close());
    confirm.addEventListener("click", () => {
      answer = true;
      dialog.close();
    });
    cancel.focus();
  });
}

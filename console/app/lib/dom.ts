/**
 * A few lines instead of a framework: `h("button", { class: "primary", onclick }, "Save")` builds
 * an element; text children are always text nodes, so data from the server can never become markup.
 */
export type Child = Node | string | number | null | undefined | false | readonly Child[];
type Handler<E extends Event = Event> = (event: E) => void;

export interface Attrs {
  class?: string;
  id?: string;
  for?: string;
  role?: string;
  title?: string;
  hidden?: boolean;
  disabled?: boolean;
  checked?: boolean;
  selected?: boolean;
  value?: string;
  type?: string;
  name?: string;
  href?: string;
  onclick?: Handler<MouseEvent>;
  onchange?: Handler;
  oninput?: Handler;
  onsubmit?: Handler<SubmitEvent>;
  onkeydown?: Handler<KeyboardEvent>;
  dataset?: Record<string, string>;
  [attribute: string]: unknown;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value as EventListener);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "class") el.className = String(value);
    else if (key === "value" && "value" in el) (el as HTMLInputElement).value = String(value);
    else if ((key === "checked" || key === "selected") && key in el) (el as unknown as Record<string, boolean>)[key] = Boolean(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let idCounter = 0;
/** A unique id for label/field and aria pairs. */
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** A labelled form field: the label's `for` points at the control. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || uid("f");
  control.id = id;
  let hintEl: HTMLElement | null = null;
  if (hint) {
    hintEl = h("small", { id: `${id}-hint`, class: "hint" }, hint);
    control.setAttribute("aria-describedby", hintEl.id);
  }
  return h("div", { class: "field" }, h("label", { for: id }, label), control, hintEl);
}

/** A check box with its label after it. */
export function checkbox(label: string, attrs: Attrs = {}): { wrapper: HTMLElement; input: HTMLInputElement } {
  const input = h("input", { type: "checkbox", ...attrs });
  input.id ||= uid("c");
  return { wrapper: h("div", { class: "check" }, input, h("label", { for: input.id }, label)), input };
}

/** A `<select>` with options `[value, label]`. */
export function select(options: ReadonlyArray<readonly [string, string]>, value: string, attrs: Attrs = {}): HTMLSelectElement {
  return h("select", attrs, options.map(([v, label]) => h("option", { value: v, selected: v === value }, label)));
}

/** Attributes and event handlers of {@link h}; `on*` keys are listeners. */
export type Props = Record<string, string | number | boolean | undefined | EventListener>;

export type Child = Node | string | number | null | undefined | false;

/**
 * Builds an element. Children are text or nodes, never HTML: captured records are shown as
 * they are, and nothing in them can run (the page's CSP forbids inline script as well).
 *
 * @example
 * ```ts
 * h('button', { type: 'button', onclick: () => refresh() }, 'Refresh');
 * ```
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (value === true) element.setAttribute(key, '');
    else element.setAttribute(key, String(value));
  }
  append(element, children);
  return element;
}

/** Appends text or nodes, skipping empty ones. */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces an element's children. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A time as the browser's locale shows it, with milliseconds. */
export function formatTime(ms: number): string {
  const date = new Date(ms);
  return `${date.toLocaleTimeString(undefined, { hour12: false })}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

/** A date and time for tables. */
export function formatDateTime(ms: number): string {
  return `${new Date(ms).toLocaleDateString()} ${formatTime(ms)}`;
}

/** The CSS class of a status: s2 … s5. */
export function statusClass(status: number | null): string {
  return status === null ? 'status' : `status s${Math.floor(status / 100)}`;
}

/** Announces a message to screen readers and shows it in the status bar. */
export function announce(message: string, kind: 'info' | 'error' = 'info'): void {
  const bar = document.getElementById('announcer');
  if (bar === null) return;
  bar.className = kind;
  bar.textContent = message;
}

// The one way the playground builds DOM: elements with attributes and children, where every string
// child becomes a text node. Nothing is ever parsed as HTML, so text from the gateway, the models'
// schemas or the user cannot inject markup.

/** Attribute values: a string or number is set, `true` sets the attribute empty, false/undefined leave it out. */
export type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;

/** A child: a node, text (as a text node), or nothing. */
export type Child = Node | string | null | undefined | false;

/** Creates `<tag>` with attributes and children. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: readonly Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, ...children);
  return node;
}

/** Appends children (strings as text nodes). */
export function append(parent: Node, ...children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces every child of `parent`. */
export function replaceChildren(parent: Element, ...children: readonly Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** The element with this id, of the expected type; throws when the page lacks it (a bug). */
export function required<T extends HTMLElement>(id: string, type: { new (): T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`The page has no #${id} ${type.name}`);
  return found;
}

let announcer: HTMLElement | null = null;

/** Says something to screen readers through the page's polite live region. */
export function announce(message: string): void {
  announcer ??= document.getElementById('announcer');
  if (announcer !== null) announcer.textContent = message;
}

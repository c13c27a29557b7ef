import { Fragment, type VNode } from 'preact';

/**
 * Serialises a Preact element tree to HTML: the same markup as preact-render-to-string for what
 * Candle's views use (function components, fragments, elements, `dangerouslySetInnerHTML`,
 * `<select value>`), without what they never use (hooks, context, class components, suspense,
 * signals, SVG). Pages are rendered on every uncached request, and the general renderer spent
 * more than half of a listing page's rendering time on that generality.
 * tests/unit/serialize.test.tsx holds it to the reference renderer's output.
 */
export function serialize(node: unknown): string {
  return write(node, undefined);
}

/** The mark Preact's createElement and JSX runtime put on every element (`Symbol.for('pv')`). */
const VNODE_MARKER = Symbol.for('pv');

const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'command',
  'embed',
  'hr',
  'img',
  'input',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

const UNSAFE_NAME = /[\s\n\\/='"\0<>]/;
/** DOM property names written in camel case that HTML spells in lower case (maxLength, dateTime…). */
const LOWER_CASE_NAME =
  /^(?:accessK|auto[A-Z]|cell|ch|col|cont|cross|dateT|encT|form[A-Z]|frame|hrefL|inputM|maxL|minL|noV|playsI|popoverT|readO|rowS|src[A-Z]|tabI|useM|item[A-Z])/;
const ENUMERATED = new Set(['draggable', 'spellcheck']);
const SKIPPED_PROPS = new Set(['children', 'key', 'ref', '__self', '__source', 'dangerouslySetInnerHTML']);

/** Attribute names are few and repeat on every page: each is checked and spelled once. */
const attributeNames = new Map<string, string | null>();

function attributeName(prop: string): string | null {
  let name = attributeNames.get(prop);
  if (name !== undefined) return name;
  if (UNSAFE_NAME.test(prop)) name = null;
  else if (prop === 'acceptCharset') name = 'accept-charset';
  else if (prop === 'httpEquiv') name = 'http-equiv';
  else if (LOWER_CASE_NAME.test(prop)) name = prop.toLowerCase();
  else name = prop;
  attributeNames.set(prop, name);
  return name;
}

const ENTITY = /["&<]/;

export function escapeHtml(text: string): string {
  if (!ENTITY.test(text)) return text;
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const entity = code === 34 ? '&quot;' : code === 38 ? '&amp;' : code === 60 ? '&lt;' : null;
    if (entity === null) continue;
    if (i !== last) out += text.slice(last, i);
    out += entity;
    last = i + 1;
  }
  return last === text.length ? out : out + text.slice(last);
}

function write(node: unknown, selectValue: unknown): string {
  if (node == null || node === true || node === false || node === '') return '';
  if (typeof node === 'string') return escapeHtml(node);
  if (typeof node === 'number' || typeof node === 'bigint') return String(node);
  if (Array.isArray(node)) {
    let out = '';
    for (const child of node) out += write(child, selectValue);
    return out;
  }
  // Preact marks its elements, so an object that came from data (parsed JSON, a row) is never
  // taken for markup.
  if (typeof node !== 'object' || (node as { constructor?: unknown }).constructor !== VNODE_MARKER) return '';
  const vnode = node as VNode<Record<string, unknown>>;
  const { type, props } = vnode;
  if (type === Fragment) return write(props.children, selectValue);
  if (typeof type === 'function') {
    return write((type as (p: typeof props) => unknown)(props), selectValue);
  }
  return element(type as string, props, selectValue);
}

function element(type: string, props: Record<string, unknown>, parentSelectValue: unknown): string {
  let open = `<${type}`;
  let children: unknown;
  let selectValue = parentSelectValue;
  for (const prop in props) {
    let value = props[prop];
    if (prop === 'children') {
      children = value;
      continue;
    }
    if (SKIPPED_PROPS.has(prop)) continue;
    if (typeof value === 'function' && prop !== 'class' && prop !== 'className') continue;
    let name: string | null;
    switch (prop) {
      case 'htmlFor':
        if ('for' in props) continue;
        name = 'for';
        break;
      case 'className':
        if ('class' in props) continue;
        name = 'class';
        break;
      case 'defaultChecked':
        name = 'checked';
        break;
      case 'defaultSelected':
        name = 'selected';
        break;
      case 'defaultValue':
      case 'value':
        name = 'value';
        if (type === 'textarea') {
          children = value;
          continue;
        }
        if (type === 'select') {
          selectValue = value;
          continue;
        }
        // biome-ignore lint/suspicious/noDoubleEquals: matches the DOM, where option values are strings
        if (type === 'option' && selectValue == value && !('selected' in props)) open += ' selected';
        break;
      default:
        name = attributeName(prop);
        if (name === null) continue;
        if ((prop[4] === '-' || ENUMERATED.has(prop)) && value != null) value = String(value);
    }
    if (value == null || value === false) continue;
    open += value === true || value === '' ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  if (UNSAFE_NAME.test(type)) throw new Error(`${type} is not a valid HTML tag name`);
  const inner = props.dangerouslySetInnerHTML as { __html?: string } | undefined;
  let html = inner?.__html ?? '';
  if (!html && children != null && children !== false && children !== true) {
    html = typeof children === 'string' ? escapeHtml(children) : write(children, selectValue);
  }
  if (!html && VOID_ELEMENTS.has(type)) return `${open}/>`;
  return `${open}>${html}</${type}>`;
}

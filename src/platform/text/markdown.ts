import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/** HTML that has been made safe to place in a page as it is. Only this module mints it. */
export type SafeHtml = string & { readonly __brand: 'SafeHtml' };

const md = new MarkdownIt({ html: false, linkify: true, typographer: true, breaks: false });

const allowed: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h2',
    'h3',
    'h4',
    'blockquote',
    'ul',
    'ol',
    'li',
    'strong',
    'em',
    'a',
    'code',
    'pre',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    's',
    'sup',
    'sub',
  ],
  allowedAttributes: { a: ['href', 'title'], th: ['scope'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowProtocolRelative: false,
  transformTags: {
    // A Markdown "# heading" in a body sits under the page's own h1.
    h1: 'h2',
  },
};

/** Markdown with raw HTML off, then sanitised again: two locks, since bodies come from many hands. */
export function renderMarkdown(source: string): SafeHtml {
  return sanitizeHtml(md.render(source), allowed) as SafeHtml;
}

/** Text that is already plain (a summary) cut to a length at a word boundary, for meta descriptions. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}

/**
 * Allow-list HTML sanitiser for meeting minutes (rich text from the editor). Keeps a small set of formatting
 * tags and attributes, drops everything else: script/style/iframe… with their content, event handlers (on*),
 * style attributes, and links whose URL is not http(s), mailto or relative. Text is re-escaped.
 */

const ALLOWED_TAGS = new Set([
  'p',
  'br',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'sub',
  'sup',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'blockquote',
  'table',
  'thead',
  'tbody',
  'tr',
  'td',
  'th',
  'span',
  'div',
  'a',
  'hr',
]);
const VOID_TAGS = new Set(['br', 'hr']);
/** Dropped together with everything inside them. */
const DROP_WITH_CONTENT = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'noscript',
  'template',
  'textarea',
  'title',
  'svg',
  'math',
  'select',
  'xmp',
  'noembed',
  'noframes',
]);
const ALLOWED_ATTRS: Record<string, Set<string>> = {
  a: new Set(['href', 'title']),
  td: new Set(['colspan', 'rowspan']),
  th: new Set(['colspan', 'rowspan']),
  ol: new Set(['start']),
};

function escapeText(s: string): string {
  return s
    .replace(/&(?!(#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16) % 0x110000))
    .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Number(d) % 0x110000))
    .replace(/&colon;/gi, ':')
    .replace(/&tab;/gi, '\t')
    .replace(/&newline;/gi, '\n')
    .replace(/&amp;/gi, '&');
}

export function safeUrl(raw: string): boolean {
  // Browsers ignore control characters and spaces inside a scheme (java\tscript:): drop them before checking.
  const url = [...decodeEntities(raw)]
    .filter((ch) => {
      const c = ch.codePointAt(0) ?? 0;
      return c > 0x20 && (c < 0x7f || c > 0x9f);
    })
    .join('')
    .toLowerCase();
  if (url.startsWith('http:') || url.startsWith('https:') || url.startsWith('mailto:')) return true;
  // Relative URLs: no scheme before the first / ? #.
  const colon = url.indexOf(':');
  if (colon === -1) return true;
  const firstSep = url.search(/[/?#]/);
  return firstSep !== -1 && firstSep < colon;
}

const TOKEN = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<![^>]*>?|<\?[^>]*>?|<\/?([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTR = /([^\s"'=<>`/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

export function sanitizeHtml(input: string): string {
  let out = '';
  let last = 0;
  let dropping: string | null = null;
  let dropDepth = 0;
  const open: string[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(input); m !== null; m = TOKEN.exec(input)) {
    const text = input.slice(last, m.index);
    last = TOKEN.lastIndex;
    if (!dropping) out += escapeText(text);
    const tag = m[1]?.toLowerCase();
    if (!tag) continue; // comments, doctype, processing instructions: dropped
    const closing = m[0].startsWith('</');
    if (dropping) {
      if (tag === dropping) dropDepth += closing ? -1 : 1;
      if (dropDepth === 0) dropping = null;
      continue;
    }
    if (DROP_WITH_CONTENT.has(tag)) {
      if (!closing && !m[0].endsWith('/>')) {
        dropping = tag;
        dropDepth = 1;
      }
      continue;
    }
    if (!ALLOWED_TAGS.has(tag)) continue;
    if (closing) {
      const idx = open.lastIndexOf(tag);
      if (idx === -1) continue;
      // Close everything opened after it too, so the output stays balanced.
      while (open.length > idx) out += `</${open.pop()}>`;
      continue;
    }
    const attrs: string[] = [];
    const allowed = ALLOWED_ATTRS[tag];
    if (allowed) {
      ATTR.lastIndex = 0;
      const rawAttrs = m[2] ?? '';
      for (let a = ATTR.exec(rawAttrs); a !== null; a = ATTR.exec(rawAttrs)) {
        const name = a[1].toLowerCase();
        if (!allowed.has(name)) continue;
        const value = a[2] ?? a[3] ?? a[4] ?? '';
        if (name === 'href' && !safeUrl(value)) continue;
        if ((name === 'colspan' || name === 'rowspan' || name === 'start') && !/^\d{1,3}$/.test(value)) continue;
        attrs.push(` ${name}="${escapeAttr(decodeEntities(value))}"`);
      }
      if (tag === 'a' && attrs.some((x) => x.startsWith(' href='))) attrs.push(' rel="noopener noreferrer"');
    }
    out += `<${tag}${attrs.join('')}>`;
    if (!VOID_TAGS.has(tag)) open.push(tag);
  }
  if (!dropping) out += escapeText(input.slice(last));
  while (open.length) out += `</${open.pop()}>`;
  return out;
}

/** Plain text of (sanitised) minutes, one string per paragraph, for the Word record book. */
export function htmlToParagraphs(html: string): string[] {
  const withBreaks = html.replace(/<\s*(br|\/p|\/div|\/li|\/h[1-4]|\/tr|\/blockquote)\s*\/?>/gi, '\n');
  const text = withBreaks
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
  return text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
}

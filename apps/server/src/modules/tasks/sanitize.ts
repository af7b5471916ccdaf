/**
 * A small allow-list HTML sanitiser for task requirements (rich text from the editor). Tags outside
 * the list are dropped (their text kept, except for script-like elements whose content goes too);
 * attributes are dropped except a safe href on links and colspan/rowspan on table cells.
 */
const ALLOWED = new Set([
  'p',
  'br',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'blockquote',
  'a',
  'table',
  'thead',
  'tbody',
  'tr',
  'td',
  'th',
  'span',
  'div',
  'hr',
  'sub',
  'sup',
]);
const VOID = new Set(['br', 'hr']);
const DROP_WITH_CONTENT = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'noscript',
  'template',
  'textarea',
  'select',
  'svg',
  'math',
  'title',
  'head',
]);

function escapeText(s: string): string {
  return s
    .replace(/&(?!(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#\d{1,7}|#x[0-9a-fA-F]{1,6});)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);?/gi, (_m, h: string) => String.fromCodePoint(Math.min(Number.parseInt(h, 16), 0x10ffff)))
    .replace(/&#(\d+);?/g, (_m, d: string) => String.fromCodePoint(Math.min(Number.parseInt(d, 10), 0x10ffff)))
    .replace(/&colon;/gi, ':')
    .replace(/&tab;/gi, '\t')
    .replace(/&newline;/gi, '\n')
    .replace(/&amp;/gi, '&');
}

export function safeHref(raw: string): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we strip
  const v = decodeEntities(raw).replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (/^(https?:|mailto:)/i.test(v)) return v;
  if (/^(\/(?!\/)|#)/.test(v)) return v;
  return null;
}

function parseAttrs(s: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) out.set(m[1].toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '');
  return out;
}

export function sanitizeHtml(input: string): string {
  let out = '';
  let dropDepth = 0;
  let dropTag = '';
  const tagRe = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<![^>]*>?|<\?[^>]*>?|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  let last = 0;
  for (let m = tagRe.exec(input); m !== null; m = tagRe.exec(input)) {
    if (dropDepth === 0) out += escapeText(input.slice(last, m.index));
    last = tagRe.lastIndex;
    if (m[2] === undefined) continue; // comment, doctype, processing instruction
    const closing = m[1] === '/';
    const tag = m[2].toLowerCase();
    if (dropDepth > 0) {
      if (tag === dropTag) dropDepth += closing ? -1 : 1;
      continue;
    }
    if (DROP_WITH_CONTENT.has(tag)) {
      if (!closing && !/\/\s*$/.test(m[3])) {
        dropDepth = 1;
        dropTag = tag;
      }
      continue;
    }
    if (!ALLOWED.has(tag)) continue;
    if (closing) {
      if (!VOID.has(tag)) out += `</${tag}>`;
      continue;
    }
    const attrs = parseAttrs(m[3]);
    let kept = '';
    if (tag === 'a') {
      const href = safeHref(attrs.get('href') ?? '');
      if (href !== null) kept += ` href="${escapeAttr(href)}" rel="noopener noreferrer" target="_blank"`;
    }
    if (tag === 'td' || tag === 'th') {
      for (const name of ['colspan', 'rowspan']) {
        const v = attrs.get(name);
        if (v !== undefined && /^\d{1,3}$/.test(v)) kept += ` ${name}="${v}"`;
      }
    }
    out += `<${tag}${kept}>`;
  }
  if (dropDepth === 0) out += escapeText(input.slice(last));
  return out;
}

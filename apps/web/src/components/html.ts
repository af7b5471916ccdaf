/**
 * Client-side allow-list sanitiser for meeting minutes (the server sanitises on save too; this guards what the
 * browser renders). Unknown tags are unwrapped (their text kept); script-like tags are dropped with their content;
 * only href on links survives, and only for http(s), mailto or relative URLs.
 */
const ALLOWED = new Set([
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
const DROP = new Set(['script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template', 'svg', 'math', 'link', 'meta', 'title', 'head']);
const SAFE_URL = /^(https?:|mailto:|\/|#|\.)/i;

function clean(node: Node, doc: Document): Node[] {
  if (node.nodeType === Node.TEXT_NODE) return [doc.createTextNode(node.textContent ?? '')];
  if (node.nodeType !== Node.ELEMENT_NODE) return [];
  const el = node as Element;
  const tag = el.tagName.toLowerCase();
  if (DROP.has(tag)) return [];
  const kids = [...el.childNodes].flatMap((c) => clean(c, doc));
  if (!ALLOWED.has(tag)) return kids;
  const out = doc.createElement(tag);
  if (tag === 'a') {
    const href = el.getAttribute('href')?.trim() ?? '';
    if (SAFE_URL.test(href)) {
      out.setAttribute('href', href);
      out.setAttribute('rel', 'noopener noreferrer');
      out.setAttribute('target', '_blank');
    }
  }
  if ((tag === 'td' || tag === 'th') && el.getAttribute('colspan')) out.setAttribute('colspan', String(Number(el.getAttribute('colspan')) || 1));
  for (const k of kids) out.appendChild(k);
  return [out];
}

export function sanitizeHtml(html: string | null | undefined): string {
  if (!html) return '';
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const box = doc.createElement('div');
  for (const n of [...doc.body.childNodes].flatMap((c) => clean(c, doc))) box.appendChild(n);
  return box.innerHTML;
}

/** True when the HTML has no visible text. */
export function isBlankHtml(html: string | null | undefined): boolean {
  if (!html) return true;
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  return (doc.body.textContent ?? '').trim() === '';
}

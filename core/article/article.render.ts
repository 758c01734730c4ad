/**
 * Safe rendering of an article's Markdown into WeChat `rich-text` nodes. Output is built from a
 * whitelist, never copied from input:
 * - markdown-it runs with HTML disabled, so raw HTML in the source is plain text; we walk its tokens
 *   and emit only the tags in TAG_ATTRS, with only the class/style of that table. Any other token
 *   (tables, strikethrough, rules…) keeps its text and loses its tag.
 * - images only from cloud storage ('cloud://…'); any other image becomes its alt text.
 * - links only to an http(s) URL in the caller's allow-list; any other link becomes its text.
 *   (`rich-text` cannot open links anyway; `href` is there for a page that handles taps itself.)
 * - text nodes are entity-escaped, because `rich-text` decodes entities in text: '&lt;' typed by the
 *   author must show as '&lt;', not '<'.
 */
import MarkdownIt from 'markdown-it';

export const ALLOWED_TAGS = [
  'p',
  'h2',
  'h3',
  'h4',
  'strong',
  'em',
  'ul',
  'ol',
  'li',
  'blockquote',
  'br',
  'a',
  'img',
] as const;
export type AllowedTag = (typeof ALLOWED_TAGS)[number];

export interface RichTextElement {
  name: AllowedTag;
  attrs?: Record<string, string>;
  children?: RichTextNode[];
}
export interface RichTextText {
  type: 'text';
  text: string;
}
export type RichTextNode = RichTextElement | RichTextText;

/** The only attributes ever emitted, besides img src/alt and a href checked below. */
export const TAG_ATTRS: Record<AllowedTag, Record<string, string>> = {
  p: { class: 'md-p' },
  h2: { class: 'md-h2' },
  h3: { class: 'md-h3' },
  h4: { class: 'md-h4' },
  strong: { class: 'md-strong' },
  em: { class: 'md-em' },
  ul: { class: 'md-ul' },
  ol: { class: 'md-ol' },
  li: { class: 'md-li' },
  blockquote: { class: 'md-quote' },
  br: {},
  a: { class: 'md-a' },
  img: { class: 'md-img', style: 'max-width:100%;height:auto;display:block;' },
};

/** Token types that open a whitelisted element (headings are mapped separately). */
const OPENING_TAGS: ReadonlyMap<string, AllowedTag> = new Map([
  ['paragraph_open', 'p'],
  ['blockquote_open', 'blockquote'],
  ['bullet_list_open', 'ul'],
  ['ordered_list_open', 'ol'],
  ['list_item_open', 'li'],
  ['strong_open', 'strong'],
  ['em_open', 'em'],
]);

const BLOCK_TAGS: ReadonlySet<AllowedTag> = new Set(['p', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote']);

/** Cloud storage ids, as normalised by markdown-it (non-ASCII percent-encoded). */
const CLOUD_SRC = /^cloud:\/\/[A-Za-z0-9._~%/-]+$/;

const newParser = () =>
  new MarkdownIt('default', {
    html: false,
    linkify: false,
    typographer: false,
    breaks: true,
  }).disable('table');

let parser: ReturnType<typeof newParser> | undefined;

/** Built on first use: a function's cold start does not pay for markdown-it unless a call renders. */
function md(): ReturnType<typeof newParser> {
  return (parser ??= newParser());
}

type Token = MarkdownIt.Token;

interface Context {
  allowedLinks: readonly string[];
  text: (raw: string) => string;
}

/** The article body as `rich-text` nodes. `allowedLinks`: the exact URLs that may stay links. */
export function renderMarkdown(markdown: string, allowedLinks: readonly string[] = []): RichTextNode[] {
  return build(md().parse(markdown, {}), { allowedLinks, text: escapeEntities });
}

/** The text a reader sees, one line per block: for search and for the content-security check. */
export function plainTextOf(markdown: string): string {
  const nodes = build(md().parse(markdown, {}), { allowedLinks: [], text: (raw) => raw });
  return textOf(nodes)
    .replace(/[ \t]*\n[ \t\n]*/g, '\n')
    .trim();
}

function build(tokens: readonly Token[], ctx: Context): RichTextNode[] {
  const root: RichTextNode[] = [];
  const stack: RichTextNode[][] = [root];
  for (const token of tokens) {
    const siblings = stack[stack.length - 1];
    if (token.nesting === 1) {
      const element = openElement(token, ctx);
      if (element) siblings.push(element);
      stack.push(element?.children ?? siblings);
    } else if (token.nesting === -1) {
      if (stack.length > 1) stack.pop();
    } else {
      for (const node of leafNodes(token, ctx)) append(siblings, node);
    }
  }
  return root;
}

/** The element a token opens, or null when its tag is dropped and its content kept. */
function openElement(token: Token, ctx: Context): RichTextElement | null {
  if (token.hidden) return null; // paragraphs of tight lists
  if (token.type === 'heading_open') return element(headingTag(token.tag), []);
  if (token.type === 'link_open') {
    const href = token.attrGet('href');
    return typeof href === 'string' && isAllowedLink(href, ctx.allowedLinks)
      ? element('a', [], { href })
      : null;
  }
  const tag = OPENING_TAGS.get(token.type);
  return tag ? element(tag, []) : null;
}

function leafNodes(token: Token, ctx: Context): RichTextNode[] {
  switch (token.type) {
    case 'inline':
      return build(token.children ?? [], ctx);
    case 'text':
    case 'code_inline':
    case 'html_inline':
    case 'html_block':
      return [textNode(token.content, ctx)];
    case 'softbreak':
    case 'hardbreak':
      return [element('br')];
    case 'image':
      return imageNodes(token, ctx);
    case 'fence':
    case 'code_block':
      return [element('p', linesOf(token.content.replace(/\n$/, ''), ctx))];
    default:
      return [];
  }
}

function imageNodes(token: Token, ctx: Context): RichTextNode[] {
  const src = token.attrGet('src');
  const alt = token.content;
  if (typeof src === 'string' && CLOUD_SRC.test(src)) return [element('img', undefined, { src, alt })];
  return alt ? [textNode(alt, ctx)] : [];
}

function isAllowedLink(href: string, allowedLinks: readonly string[]): boolean {
  return (
    /^https?:\/\//i.test(href) && allowedLinks.some((url) => url === href || md().normalizeLink(url) === href)
  );
}

function headingTag(tag: string): AllowedTag {
  const level = Number(tag.slice(1));
  return level <= 2 ? 'h2' : level === 3 ? 'h3' : 'h4';
}

function element(
  name: AllowedTag,
  children?: RichTextNode[],
  extra: Record<string, string> = {},
): RichTextElement {
  const attrs = { ...TAG_ATTRS[name], ...extra };
  const node: RichTextElement = Object.keys(attrs).length > 0 ? { name, attrs } : { name };
  return children ? { ...node, children } : node;
}

function textNode(raw: string, ctx: Context): RichTextText {
  return { type: 'text', text: ctx.text(raw) };
}

function linesOf(raw: string, ctx: Context): RichTextNode[] {
  return raw
    .split('\n')
    .flatMap((line, i) => (i === 0 ? [textNode(line, ctx)] : [element('br'), textNode(line, ctx)]));
}

/** Adjacent text merges into one node; empty text (left by emphasis markers) is dropped. */
function append(siblings: RichTextNode[], node: RichTextNode): void {
  const last = siblings[siblings.length - 1];
  if ('type' in node && node.text === '') return;
  if (last && 'type' in last && 'type' in node) last.text += node.text;
  else siblings.push(node);
}

function escapeEntities(raw: string): string {
  return raw.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function textOf(nodes: readonly RichTextNode[]): string {
  return nodes
    .map((node) => {
      if ('type' in node) return node.text;
      if (node.name === 'br') return '\n';
      const inner = textOf(node.children ?? []);
      return BLOCK_TAGS.has(node.name) ? `\n${inner}\n` : inner;
    })
    .join('');
}

/** The cloud storage ids of the images in rendered nodes, each once, in order. */
export function imageSourcesOf(nodes: readonly RichTextNode[]): string[] {
  const out = new Set<string>();
  const visit = (list: readonly RichTextNode[]) => {
    for (const node of list) {
      if ('type' in node) continue;
      if (node.name === 'img' && node.attrs?.src) out.add(node.attrs.src);
      visit(node.children ?? []);
    }
  };
  visit(nodes);
  return [...out];
}

/**
 * The nodes with each cloud image's src replaced by its temporary https download URL (`rich-text`,
 * unlike `image`, does not load cloud:// file ids). A src with no https URL in `urls` stays as it was.
 */
export function withImageUrls(
  nodes: readonly RichTextNode[],
  urls: ReadonlyMap<string, string>,
): RichTextNode[] {
  return nodes.map((node) => {
    if ('type' in node) return node;
    const url = node.name === 'img' && node.attrs?.src ? urls.get(node.attrs.src) : undefined;
    const attrs = url && /^https:\/\/[^\s"'<>]+$/.test(url) ? { ...node.attrs, src: url } : node.attrs;
    const next: RichTextElement = attrs ? { name: node.name, attrs } : { name: node.name };
    return node.children ? { ...next, children: withImageUrls(node.children, urls) } : next;
  });
}

import {
  ALLOWED_TAGS,
  imageSourcesOf,
  plainTextOf,
  renderMarkdown,
  TAG_ATTRS,
  withImageUrls,
  type RichTextNode,
} from '../../../core/article/article.render';

const NPC = 'https://www.npc.gov.cn/';
const T = (text: string): RichTextNode => ({ type: 'text', text });
const el = (name: keyof typeof TAG_ATTRS, children?: RichTextNode[]): RichTextNode => ({
  name,
  attrs: TAG_ATTRS[name],
  ...(children ? { children } : {}),
});
const P = (...children: RichTextNode[]) => el('p', children);
const BR: RichTextNode = { name: 'br' };
const IMG_ATTRS = TAG_ATTRS.img;

/** Walks the output and fails on anything outside the whitelist. */
function expectSafe(nodes: readonly RichTextNode[], allowedLinks: readonly string[] = []): void {
  for (const node of nodes) {
    if ('type' in node) {
      expect(Object.keys(node).sort()).toEqual(['text', 'type']);
      expect(node.text).not.toMatch(/[<>]/);
      continue;
    }
    expect(ALLOWED_TAGS).toContain(node.name);
    const { src, alt, href, ...fixed } = node.attrs ?? {};
    expect(fixed).toEqual(TAG_ATTRS[node.name]);
    if (node.name === 'img') expect(src).toMatch(/^cloud:\/\/[A-Za-z0-9._~%/-]+$/);
    else expect(src).toBeUndefined();
    if (node.name !== 'img') expect(alt).toBeUndefined();
    if (node.name === 'a') expect(allowedLinks).toContain(href);
    else expect(href).toBeUndefined();
    expectSafe(node.children ?? [], allowedLinks);
  }
}

describe('renderMarkdown: what a legal article needs', () => {
  it('renders headings (h1 as h2, h5/h6 as h4), paragraphs, emphasis, lists and quotes', () => {
    const md =
      '# 代表法\n\n第一条 **代表**依法*履职*。\n\n### 要点\n\n- 联系群众\n- 反映意见\n\n1. 一\n2. 二\n\n> 人民代表为人民\n\n###### 注';
    expect(renderMarkdown(md)).toEqual([
      el('h2', [T('代表法')]),
      P(T('第一条 '), el('strong', [T('代表')]), T('依法'), el('em', [T('履职')]), T('。')),
      el('h3', [T('要点')]),
      el('ul', [el('li', [T('联系群众')]), el('li', [T('反映意见')])]),
      el('ol', [el('li', [T('一')]), el('li', [T('二')])]),
      el('blockquote', [P(T('人民代表为人民'))]),
      el('h4', [T('注')]),
    ]);
  });

  it('turns a line break inside a paragraph into br', () => {
    expect(renderMarkdown('第一行\n第二行')).toEqual([P(T('第一行'), BR, T('第二行'))]);
  });

  it('keeps a cloud-storage image with its alt text and the fixed style only', () => {
    expect(renderMarkdown('![宣传栏](cloud://env-1.abc/articles/1.png "标题会被丢弃")')).toEqual([
      P({ name: 'img', attrs: { ...IMG_ATTRS, src: 'cloud://env-1.abc/articles/1.png', alt: '宣传栏' } }),
    ]);
  });

  it('keeps a link only to an allow-listed URL', () => {
    expect(renderMarkdown(`[中国人大网](${NPC}) [别处](https://evil.example/)`, [NPC])).toEqual([
      P({ name: 'a', attrs: { ...TAG_ATTRS.a, href: NPC }, children: [T('中国人大网')] }, T(' 别处')),
    ]);
  });

  it('renders a link as its text when no allow-list is given', () => {
    expect(renderMarkdown(`见[中国人大网](${NPC})。`)).toEqual([P(T('见中国人大网。'))]);
  });

  it('drops tags it does not know but keeps their text: code, strikethrough, tables, rules', () => {
    expect(renderMarkdown('`第5条` ~~旧~~\n\n---\n\n|a|b|\n|-|-|\n|1|2|\n\n```\nx\ny\n```')).toEqual([
      P(T('第5条 旧')),
      P(T('|a|b|'), BR, T('|-|-|'), BR, T('|1|2|')),
      P(T('x'), BR, T('y')),
    ]);
  });
});

describe('renderMarkdown: hostile input', () => {
  it.each([
    ['a script tag', '<script>alert(1)</script>', [P(T('&lt;script&gt;alert(1)&lt;/script&gt;'))]],
    ['an img with onerror', '<img src=x onerror="alert(1)">', [P(T('&lt;img src=x onerror="alert(1)"&gt;'))]],
    [
      'an HTML block',
      '<div onclick="x()">\n**hi**\n</div>',
      [P(T('&lt;div onclick="x()"&gt;'), BR, el('strong', [T('hi')]), BR, T('&lt;/div&gt;'))],
    ],
    [
      'nested tags inside emphasis',
      '**<b><i>x</i></b>**',
      [P(el('strong', [T('&lt;b&gt;&lt;i&gt;x&lt;/i&gt;&lt;/b&gt;')]))],
    ],
    ['a javascript: link', '[点我](javascript:alert(1))', [P(T('[点我](javascript:alert(1))'))]],
    ['an upper-case JAVASCRIPT: link', '[a](JAVASCRIPT:alert(1))', [P(T('[a](JAVASCRIPT:alert(1))'))]],
    ['a javascript: autolink', '<javascript:alert(1)>', [P(T('&lt;javascript:alert(1)&gt;'))]],
    [
      'an entity-encoded javascript: link',
      '[a](&#106;avascript:alert(1))',
      [P(T('[a](javascript:alert(1))'))],
    ],
    ['a data: image', '![x](data:image/png;base64,iVBORw0KGgo=)', [P(T('x'))]],
    ['an https image', '![远程](https://evil.example/track.gif)', [P(T('远程'))]],
    ['an image with no alt from elsewhere', '![](http://evil.example/a.png)', [P()]],
    ['an image whose src tries to break out', '![x](<cloud://e/a.png" onerror="alert(1)>)', [P(T('x'))]],
    [
      'HTML entities',
      '&lt;b&gt; &amp;amp; &#x3C;script&#x3E; &copy;',
      [P(T('&lt;b&gt; &amp;amp; &lt;script&gt; ©'))],
    ],
  ])('%s comes out as harmless nodes', (_, md, expected) => {
    const nodes = renderMarkdown(md as string);
    expect(nodes).toEqual(expected);
    expectSafe(nodes);
  });

  it('does not let an allow-list open a javascript: or data: URL', () => {
    const evil = ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>'];
    const nodes = renderMarkdown(`[a](${evil[0]}) [b](${evil[1]})`, evil);
    expect(JSON.stringify(nodes)).not.toContain('"a"');
    expectSafe(nodes);
  });

  it('survives very long and deeply nested input in reasonable time, emitting only whitelisted nodes', () => {
    const fragments = [
      '<script>',
      '**',
      '*',
      '[',
      '](',
      'javascript:',
      '![x](',
      'cloud://e/a.png',
      ')',
      '> ',
      '- ',
      '\n',
      '&lt;',
      '`',
      '<img onerror=1>',
      '中文',
    ];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const noise = Array.from(
      { length: 40_000 },
      () => fragments[Math.floor(random() * fragments.length)],
    ).join('');
    const deep =
      '> '.repeat(5_000) + 'x\n\n' + '- '.repeat(3_000) + 'y\n\n' + '*'.repeat(20_000) + '['.repeat(20_000);
    const started = process.hrtime.bigint();
    const nodes = renderMarkdown(noise + '\n\n' + deep);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(ms).toBeLessThan(5_000);
    expectSafe(nodes);
  });
});

describe('plainTextOf', () => {
  it('gives the visible text, one line per block, without markup or escaping', () => {
    const md =
      '## 选举法\n\n**选民**有权*罢免* <b>代表</b>。\n\n- 一\n- 二\n\n![宣传栏](cloud://e/1.png)\n\n[人大网](https://www.npc.gov.cn/)';
    expect(plainTextOf(md)).toBe('选举法\n选民有权罢免 <b>代表</b>。\n一\n二\n人大网');
  });

  it('includes the alt text of an image that is not shown, so a content check still sees it', () => {
    expect(plainTextOf('![违规文字](https://evil.example/a.png)')).toBe('违规文字');
  });

  it('is empty for empty input', () => {
    expect(plainTextOf('  \n\n ')).toBe('');
  });
});

describe('cloud images to download URLs', () => {
  const nodes = renderMarkdown(
    '![一](cloud://env/a.png)\n\n- ![二](cloud://env/b.png)\n- ![一again](cloud://env/a.png)',
  );

  it('lists each cloud image once', () => {
    expect(imageSourcesOf(nodes)).toEqual(['cloud://env/a.png', 'cloud://env/b.png']);
  });

  it.each([
    ['an https URL replaces the id', 'https://tcb.example/a.png?sign=1', 'https://tcb.example/a.png?sign=1'],
    ['an http URL is not used', 'http://tcb.example/a.png', 'cloud://env/a.png'],
    ['a URL with a quote is not used', 'https://x/a.png" onerror="x', 'cloud://env/a.png'],
  ])('%s', (_, url, src) => {
    const out = withImageUrls(nodes, new Map([['cloud://env/a.png', url]]));
    expect(imageSourcesOf(out)).toEqual([src, 'cloud://env/b.png']);
    expectSafeShape(out);
  });

  it('leaves everything as it was without URLs', () => {
    expect(withImageUrls(nodes, new Map())).toEqual(nodes);
  });
});

/** Only src changes: same tags, same fixed attributes. */
function expectSafeShape(nodes: readonly RichTextNode[]): void {
  for (const node of nodes) {
    if ('type' in node) continue;
    const { src: _src, alt: _alt, ...fixed } = node.attrs ?? {};
    expect(fixed).toEqual(TAG_ATTRS[node.name]);
    expectSafeShape(node.children ?? []);
  }
}

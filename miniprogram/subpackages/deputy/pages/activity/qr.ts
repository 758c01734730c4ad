/**
 * The activity's check-in QR code drawn on the phone: the server sends its text (`checkInQr`), and this
 * turns it into a PNG data URL the page shows large for a screen or a print. A small QR encoder (byte
 * mode, error correction M, versions 1–6: up to 106 bytes, enough for `activity:<id>:<code>`; the mask
 * of lowest penalty) and an uncompressed PNG writer; no package (a page may not import one). Answers
 * null for a longer text.
 */

/** Versions 1–6 at level M: total codewords, error-correction codewords per block, blocks. */
const VERSIONS = [
  { total: 26, ec: 10, blocks: 1 },
  { total: 44, ec: 16, blocks: 1 },
  { total: 70, ec: 26, blocks: 1 },
  { total: 100, ec: 18, blocks: 2 },
  { total: 134, ec: 24, blocks: 2 },
  { total: 172, ec: 16, blocks: 4 },
];
/** The alignment pattern's centre (versions 2–6 have one, at (p, p)). */
const ALIGNMENT = [0, 18, 22, 26, 30, 34];

function gfMultiply(x: number, y: number): number {
  let z = 0;
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((y >>> i) & 1) * x;
  }
  return z & 0xff;
}

function rsDivisor(degree: number): number[] {
  const result = new Array<number>(degree).fill(0);
  result[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      result[j] = gfMultiply(result[j], root);
      if (j + 1 < degree) result[j] ^= result[j + 1];
    }
    root = gfMultiply(root, 0x02);
  }
  return result;
}

function rsRemainder(data: number[], divisor: number[]): number[] {
  const result = new Array<number>(divisor.length).fill(0);
  for (const b of data) {
    const factor = b ^ (result.shift() as number);
    result.push(0);
    divisor.forEach((coef, i) => (result[i] ^= gfMultiply(coef, factor)));
  }
  return result;
}

/** The text's UTF-8 bytes (the QR text is ASCII; any text is encoded right). */
function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/**
 * The QR code's modules (true: dark), row by row; null when the text is too long. `onlyMask` forces one
 * of the eight masks (tests); otherwise the one of lowest penalty is used.
 */
export function qrModules(text: string, onlyMask?: number): boolean[][] | null {
  const bytes = utf8(text);
  const v = VERSIONS.findIndex((s) => 4 + 8 + 8 * bytes.length <= (s.total - s.ec * s.blocks) * 8);
  if (v < 0) return null;
  const { total, ec, blocks } = VERSIONS[v];
  const version = v + 1;
  const dataLen = total - ec * blocks;

  // the bit stream: byte mode, 8-bit count, the bytes, terminator, padding
  const bits: number[] = [];
  const put = (value: number, n: number) => {
    for (let i = n - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  put(0b0100, 4);
  put(bytes.length, 8);
  for (const b of bytes) put(b, 8);
  put(0, Math.min(4, dataLen * 8 - bits.length));
  put(0, (8 - (bits.length % 8)) % 8);
  const data: number[] = [];
  for (let i = 0; i < bits.length; i += 8) data.push(parseInt(bits.slice(i, i + 8).join(''), 2));
  for (let pad = 0xec; data.length < dataLen; pad ^= 0xec ^ 0x11) data.push(pad);

  // blocks of equal length (versions 1–6 at M), their error correction, interleaved
  const perBlock = dataLen / blocks;
  const divisor = rsDivisor(ec);
  const dataBlocks = Array.from({ length: blocks }, (_, b) => data.slice(b * perBlock, (b + 1) * perBlock));
  const ecBlocks = dataBlocks.map((d) => rsRemainder(d, divisor));
  const codewords: number[] = [];
  for (let i = 0; i < perBlock; i++) for (const d of dataBlocks) codewords.push(d[i]);
  for (let i = 0; i < ec; i++) for (const e of ecBlocks) codewords.push(e[i]);

  const size = version * 4 + 17;
  const dark = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  const fixed = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  const set = (x: number, y: number, on: boolean) => {
    dark[y][x] = on;
    fixed[y][x] = true;
  };
  for (let i = 0; i < size; i++) {
    set(6, i, i % 2 === 0);
    set(i, 6, i % 2 === 0);
  }
  for (const [cx, cy] of [
    [3, 3],
    [size - 4, 3],
    [3, size - 4],
  ]) {
    for (let dy = -4; dy <= 4; dy++)
      for (let dx = -4; dx <= 4; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        const d = Math.max(Math.abs(dx), Math.abs(dy));
        if (x >= 0 && x < size && y >= 0 && y < size) set(x, y, d !== 2 && d !== 4);
      }
  }
  if (version > 1) {
    const p = ALIGNMENT[v];
    for (let dy = -2; dy <= 2; dy++)
      for (let dx = -2; dx <= 2; dx++) set(p + dx, p + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
  }
  // format areas reserved (drawn per mask below), and the dark module
  drawFormat(set, size, 0);

  // the codewords in the zigzag
  let i = 0;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let vert = 0; vert < size; vert++) {
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        const upward = ((right + 1) & 2) === 0;
        const y = upward ? size - 1 - vert : vert;
        if (fixed[y][x]) continue;
        if (i < codewords.length * 8) dark[y][x] = ((codewords[i >>> 3] >>> (7 - (i & 7))) & 1) === 1;
        i++;
      }
    }
  }

  // each of the eight masks on the data modules; the one with the lowest penalty is kept
  let best: boolean[][] = dark;
  let bestScore = Infinity;
  for (let mask = 0; mask < 8; mask++) {
    if (onlyMask !== undefined && mask !== onlyMask) continue;
    const m = dark.map((row, y) => row.map((on, x) => (fixed[y][x] ? on : on !== MASKS[mask](x, y))));
    drawFormat((x, y, on) => (m[y][x] = on), size, mask);
    const score = penalty(m);
    if (score < bestScore) {
      best = m;
      bestScore = score;
    }
  }
  return best;
}

/** The eight data masks: a module at column x, row y is inverted where the mask is true. */
const MASKS: ((x: number, y: number) => boolean)[] = [
  (x, y) => (x + y) % 2 === 0,
  (_x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

/** Format information (level M = 0b00 and the mask), both copies, and the dark module. */
function drawFormat(set: (x: number, y: number, on: boolean) => void, size: number, mask: number): void {
  const formatData = (0b00 << 3) | mask;
  let rem = formatData;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  const format = ((formatData << 10) | rem) ^ 0x5412;
  const bit = (i: number) => ((format >>> i) & 1) === 1;
  for (let i = 0; i <= 5; i++) set(8, i, bit(i));
  set(8, 7, bit(6));
  set(8, 8, bit(7));
  set(7, 8, bit(8));
  for (let i = 9; i < 15; i++) set(14 - i, 8, bit(i));
  for (let i = 0; i < 8; i++) set(size - 1 - i, 8, bit(i));
  for (let i = 8; i < 15; i++) set(8, size - 15 + i, bit(i));
  set(8, size - 8, true);
}

const FINDER_LIKE = ['10111010000', '00001011101'];

/** The standard penalty of a masked symbol: long runs, 2×2 blocks, finder-like rows, dark balance. */
function penalty(m: boolean[][]): number {
  const size = m.length;
  let score = 0;
  const lines: string[] = [];
  for (let y = 0; y < size; y++) lines.push(m[y].map((on) => (on ? '1' : '0')).join(''));
  for (let x = 0; x < size; x++) lines.push(m.map((row) => (row[x] ? '1' : '0')).join(''));
  for (const line of lines) {
    for (const run of line.match(/0{5,}|1{5,}/g) ?? []) score += run.length - 2;
    for (const p of FINDER_LIKE)
      for (let at = line.indexOf(p); at >= 0; at = line.indexOf(p, at + 1)) score += 40;
  }
  let darkCount = 0;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      if (m[y][x]) darkCount++;
      if (x + 1 < size && y + 1 < size) {
        const c = m[y][x];
        if (m[y][x + 1] === c && m[y + 1][x] === c && m[y + 1][x + 1] === c) score += 3;
      }
    }
  const total = size * size;
  score += (Math.ceil(Math.abs(darkCount * 20 - total * 10) / total) - 1) * 10;
  return score;
}

// --- PNG (1-bit grey, stored deflate) ---------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: number[]): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

function chunk(type: string, data: number[]): number[] {
  const body = [...type].map((c) => c.charCodeAt(0)).concat(data);
  return [...u32(data.length), ...body, ...u32(crc32(body))];
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    out += B64[(n >>> 18) & 63] + B64[(n >>> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >>> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return out;
}

/** The modules as a PNG data URL: `scale` pixels a module, a quiet zone of four modules. */
export function qrPngDataUrl(modules: boolean[][], scale = 8): string {
  const side = (modules.length + 8) * scale;
  const rowBytes = Math.ceil(side / 8);
  const raw: number[] = [];
  for (let py = 0; py < side; py++) {
    raw.push(0); // filter: none
    const my = Math.floor(py / scale) - 4;
    for (let bx = 0; bx < rowBytes; bx++) {
      let byte = 0;
      for (let k = 0; k < 8; k++) {
        const mx = Math.floor((bx * 8 + k) / scale) - 4;
        const isDark = modules[my]?.[mx] === true;
        byte = (byte << 1) | (isDark ? 0 : 1); // 0 black, 1 white
      }
      raw.push(byte);
    }
  }
  // zlib, stored blocks of at most 65535 bytes, then Adler-32
  const z: number[] = [0x78, 0x01];
  for (let at = 0; at < raw.length || at === 0; at += 65535) {
    const part = raw.slice(at, at + 65535);
    const last = at + 65535 >= raw.length;
    z.push(
      last ? 1 : 0,
      part.length & 255,
      part.length >>> 8,
      ~part.length & 255,
      (~part.length >>> 8) & 255,
    );
    for (const b of part) z.push(b);
    if (last) break;
  }
  let s1 = 1;
  let s2 = 0;
  for (const b of raw) {
    s1 = (s1 + b) % 65521;
    s2 = (s2 + s1) % 65521;
  }
  z.push(...u32(((s2 << 16) | s1) >>> 0));
  const png = [
    ...[137, 80, 78, 71, 13, 10, 26, 10],
    ...chunk('IHDR', [...u32(side), ...u32(side), 1, 0, 0, 0, 0]),
    ...chunk('IDAT', z),
    ...chunk('IEND', []),
  ];
  return `data:image/png;base64,${base64(png)}`;
}

/** The check-in QR text as an image to show; null when it cannot be drawn. */
export function checkInQrImage(text: string | null): string | null {
  const modules = text ? qrModules(text) : null;
  return modules ? qrPngDataUrl(modules) : null;
}

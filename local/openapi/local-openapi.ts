/**
 * What `cloud.openapi` does in the local cloud:
 * - subscribeMessage.send: one-time subscriptions are granted (the mini-program's dev mode reports each
 *   accepted `wx.requestSubscribeMessage`) and consumed by a send; without one the send is refused with
 *   43101 as WeChat does. Field values are checked by the limits in core/notify/message.fields.ts. Every attempt is appended to
 *   DATA_DIR/messages.jsonl and kept in memory for inspection (GET /local/messages).
 * - wxacode.getUnlimited: a real QR PNG whose text is the scene.
 * - security.msgSecCheck: the word lists in sensitive-words.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import QRCode from 'qrcode';
import { fieldKind, fitField } from '../../core/notify/message.fields';
import { judge } from './sensitive-words';

/** pngjs options (the typings name only deflate's; pngjs takes filterType too). */
const UNFILTERED = { filterType: 0, deflateLevel: 9 };

export interface SentMessage {
  at: string;
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
  outcome: 'sent' | 'refused' | 'invalid';
  errCode: number;
}

export class OpenApiError extends Error {
  constructor(
    readonly errCode: number,
    readonly errMsg: string,
  ) {
    super(`errCode ${errCode}: ${errMsg}`);
  }
}

export class LocalOpenApi {
  readonly messages: SentMessage[] = [];
  private readonly grants = new Map<string, number>();
  private readonly outages: number[] = [];
  private readonly logFile: string | null;

  constructor(dataDir: string | null) {
    this.logFile = dataDir ? path.join(dataDir, 'messages.jsonl') : null;
  }

  /** Records that `openid` accepted `count` one-time subscriptions to `templateId`. */
  grant(openid: string, templateId: string, count = 1): number {
    const k = `${openid}\u0000${templateId}`;
    const n = (this.grants.get(k) ?? 0) + count;
    this.grants.set(k, n);
    return n;
  }

  /** The next `times` sends fail with `errCode` (e.g. -1, 系统繁忙), as a WeChat outage would. */
  outage(errCode: number, times: number): void {
    for (let i = 0; i < times; i++) this.outages.push(errCode);
  }

  grantsLeft(openid: string, templateId: string): number {
    return this.grants.get(`${openid}\u0000${templateId}`) ?? 0;
  }

  /** The object put in place of `cloud.openapi`. */
  api() {
    return {
      subscribeMessage: { send: (p: SendParams) => this.send(p) },
      wxacode: { getUnlimited: (p: { scene: string; page?: string; width?: number }) => this.qrcode(p) },
      security: { msgSecCheck: (p: { content: string }) => this.msgSecCheck(p) },
    };
  }

  private async send(p: SendParams) {
    const outage = this.outages.shift();
    if (outage !== undefined) throw new OpenApiError(outage, 'system error');
    const record: SentMessage = {
      at: new Date().toISOString(),
      touser: p.touser,
      templateId: p.templateId,
      page: p.page,
      data: p.data,
      outcome: 'sent',
      errCode: 0,
    };
    const invalid = invalidField(p.data);
    const k = `${p.touser}\u0000${p.templateId}`;
    if (invalid) {
      record.outcome = 'invalid';
      record.errCode = 47003;
    } else if ((this.grants.get(k) ?? 0) <= 0) {
      record.outcome = 'refused';
      record.errCode = 43101;
    } else {
      this.grants.set(k, (this.grants.get(k) ?? 0) - 1);
    }
    this.messages.push(record);
    if (this.logFile) fs.appendFileSync(this.logFile, JSON.stringify(record) + '\n');
    if (record.errCode === 47003) throw new OpenApiError(47003, `argument invalid! ${invalid}`);
    if (record.errCode === 43101) throw new OpenApiError(43101, 'user refuse to accept the msg');
    return { errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' };
  }

  private async qrcode(p: { scene: string; page?: string; width?: number }) {
    if (!p.scene || p.scene.length > 32 || !/^[\x21-\x7e]+$/.test(p.scene)) {
      throw new OpenApiError(40169, 'invalid length for scene, or the data is not json string');
    }
    const width = Math.min(Math.max(p.width ?? 430, 280), 1280);
    const buffer = await QRCode.toBuffer(p.scene, {
      type: 'png',
      width,
      margin: 2,
      errorCorrectionLevel: 'M',
      // Unfiltered rows, as server/qr.ts draws them: pngjs's filter search is slow and buys nothing here.
      rendererOpts: UNFILTERED,
    });
    return { errCode: 0, errMsg: 'openapi.wxacode.getUnlimited:ok', contentType: 'image/png', buffer };
  }

  private async msgSecCheck(p: { content: string }) {
    const list = (name: string) => (process.env[name] ?? '').split(',').filter(Boolean);
    const verdict = judge(p.content ?? '', list('LOCAL_RISKY_WORDS'), list('LOCAL_REVIEW_WORDS'));
    return {
      errCode: 0,
      errMsg: 'openapi.security.msgSecCheck:ok',
      result: { suggest: verdict.suggest, label: verdict.suggest === 'pass' ? 100 : 20001 },
      detail: verdict.word
        ? [{ strategy: 'keyword', errcode: 0, suggest: verdict.suggest, label: 20001, keyword: verdict.word }]
        : [],
    };
  }
}

interface SendParams {
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogramState?: string;
}

/**
 * The field WeChat would refuse (47003), or null. A value is valid when fitting it to its field kind
 * (core/notify, the rule the server applies before sending) changes nothing.
 */
function invalidField(data: Record<string, { value: string }>): string | null {
  for (const [field, { value }] of Object.entries(data ?? {})) {
    try {
      if (typeof value !== 'string' || fitField(fieldKind(field), value) !== value)
        return `data.${field}.value`;
    } catch {
      return `data.${field}`;
    }
  }
  return null;
}

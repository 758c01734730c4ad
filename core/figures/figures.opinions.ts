/**
 * Figures of the opinions (意见建议) villagers leave and their handling: computed from `opinions` and
 * their `opinionEvents` timeline (server/figures/sources/opinions.source.ts).
 */
import type { FigureDef } from './figures.types';

/** How a case reached the station (from who filed it). */
export const OPINION_CHANNELS = ['scan', 'reception', 'proxy'] as const;
export type OpinionChannel = (typeof OPINION_CHANNELS)[number];

export const OPINION_CHANNEL_LABELS: Record<OpinionChannel, string> = {
  scan: '扫码留言',
  reception: '接待日收集',
  proxy: '联络站代录',
};

export const OPINION_FIGURES: readonly FigureDef[] = [
  {
    code: 'opinions.received',
    section: 'opinions',
    label: '收集意见建议',
    definition:
      '统计时段内提交的意见建议件数（扫码留言、接待日收集、联络站代录），按提交日期计；被合并的重复意见仍各计一件，审核未通过的不计。',
    unit: 'items',
    computation:
      'opinions with submittedOn in the period, status not rejected at moderation (outcome ≠ rejected).',
    sentence: '收集群众意见建议{value}',
    breakdowns: ['station', 'village', 'category', 'channel', 'month'],
    scopes: ['township', 'station', 'village', 'deputy', 'level'],
    drill: 'opinion',
  },
];

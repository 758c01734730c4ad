import {
  bigrams,
  findSimilar,
  follow,
  followersAfterMerge,
  reportersLabel,
  similarity,
  SIMILARITY_THRESHOLD,
} from '../../../core/opinion/opinion.similar';
import type { Opinion } from '../../../core/opinion/opinion.types';
import { submitted } from './opinion.fixtures';

describe('similarity (character bigram Jaccard)', () => {
  it('ignores spaces, punctuation and letter case', () => {
    expect([...bigrams('路灯，坏了 A b')].sort()).toEqual(['ab', '了a', '坏了', '灯坏', '路灯'].sort());
    expect(similarity('路灯坏了！', ' 路灯 坏了')).toBe(1);
  });

  it.each([
    ['the same matter in other words', '村口的路灯坏了，晚上走路看不见', '村口路灯坏了好几天了', true],
    ['the same matter, longer', '村口路灯坏了', '村口路灯坏了，请尽快修', true],
    ['a different matter', '村口的路灯坏了，晚上走路看不见', '希望增加村里的垃圾桶', false],
    ['nothing to compare', '', '路灯', false],
  ])('%s: above the threshold = %s', (_, a, b, similar) => {
    expect(similarity(a, b) >= SIMILARITY_THRESHOLD).toBe(similar);
  });

  it('is symmetric', () => {
    expect(similarity('河里垃圾太多', '河道垃圾很多')).toBe(similarity('河道垃圾很多', '河里垃圾太多'));
  });
});

describe('findSimilar', () => {
  const base = submitted();
  const candidate = (id: string, text: string, extra: Partial<Opinion> = {}): Opinion => ({
    ...base,
    _id: id,
    text,
    villagerOpenid: `o-${id}`,
    ...extra,
  });
  const draft = {
    stationCode: 'JG01',
    categoryCode: 'env',
    text: '村口路灯坏了，晚上很黑',
    villagerOpenid: 'o-me',
  };

  const candidates = [
    candidate('best', '村口路灯坏了', { followers: ['o-x', 'o-y'] }),
    candidate('good', '村口的路灯坏了好几天', { consentToPublish: false }),
    candidate('unrelated', '希望增加村里的垃圾桶'),
    candidate('other-station', '村口路灯坏了', { stationCode: 'OTHER' }),
    candidate('other-category', '村口路灯坏了', { categoryCode: 'agri' }),
    candidate('closed', '村口路灯坏了', { status: 'closed' }),
    candidate('in-review', '村口路灯坏了', { status: 'review' }),
    candidate('mine', '村口路灯坏了', { villagerOpenid: 'o-me' }),
  ];

  it('finds open cases of the same station and category, best first, with how many raised each', () => {
    const { matches, total } = findSimilar(draft, candidates);
    expect(matches.map((m) => m.opinionId)).toEqual(['best', 'good']);
    expect(total).toBe(2);
    expect(matches[0].reporters).toBe(3);
    expect(reportersLabel(matches[0].reporters)).toBe('3位村民反映过');
    expect(matches[0].score).toBeGreaterThan(matches[1].score);
  });

  it('shows another villager’s words only when they consented to publication, and never their openid', () => {
    const { matches } = findSimilar(draft, candidates);
    expect(matches[0].excerpt).toBe('村口路灯坏了');
    expect(matches[1].excerpt).toBeNull();
    expect(JSON.stringify(matches)).not.toMatch(/o-(best|good|x|y)/);
  });

  it('returns at most N, counting all', () => {
    const many = Array.from({ length: 5 }, (_, i) => candidate(`c${i}`, '村口路灯坏了'));
    const { matches, total } = findSimilar(draft, many, 3);
    expect(matches.map((m) => m.opinionId)).toEqual(['c0', 'c1', 'c2']);
    expect(total).toBe(5);
  });
});

describe('follow', () => {
  const open = { ...submitted(), followers: ['o-f1'] };

  it('adds a new follower', () => {
    expect(follow(open, 'o-f2')).toEqual({ ok: true, value: ['o-f1', 'o-f2'] });
  });

  it.each([
    ['already following', open, 'o-f1', 'ALREADY_FOLLOWING'],
    ['their own case', open, open.villagerOpenid as string, 'ALREADY_FOLLOWING'],
    ['a closed case', { ...open, status: 'closed' as const }, 'o-f2', 'OPINION_CLOSED'],
    ['a merged case', { ...open, status: 'merged' as const }, 'o-f2', 'OPINION_CLOSED'],
    ['a case in review', { ...open, status: 'review' as const }, 'o-f2', 'CONTENT_UNDER_REVIEW'],
  ])('refuses %s', (_, opinion, openid, reason) => {
    expect(follow(opinion, openid)).toEqual({ ok: false, reason });
  });
});

describe('followersAfterMerge', () => {
  it('adds the merged case’s villager and followers to the target once, never the target’s own villager', () => {
    const merged = { villagerOpenid: 'o-m', followers: ['o-a', 'o-t'] };
    const target = { villagerOpenid: 'o-t', followers: ['o-a'] };
    expect(followersAfterMerge(merged, target)).toEqual(['o-a', 'o-m']);
  });

  it('a case filed for a villager without WeChat adds no one', () => {
    expect(followersAfterMerge({ followers: [] }, { villagerOpenid: 'o-t', followers: [] })).toEqual([]);
  });
});

/**
 * Who is told about a notice: villagers follow a station and get `noticePublished` when its notice
 * (or a correction) is published; a correction also tells each deputy whose row changed. Messages go
 * through the outbox with keys per (notice version, person): a rerun queues nothing twice.
 */
import { PAGES, pageWith } from '../../core/notify/pages';
import { noticeMessageTitle } from '../../core/duty/notice.text';
import { messageTime } from '../../core/notify/message.fields';
import { fail } from '../errors';
import { flushOutbox, queueMessage } from '../outbox';
import { getStation } from '../station/stations.repo';
import { deputiesWithOpenids, stationByCode } from './duty-sources.repo';
import {
  follow,
  followersOf,
  isFollowing,
  markNotified,
  unfollow,
  unnotifiedPublished,
  type StoredNotice,
} from './notices.repo';
import { resolvePeriod } from './periods.service';

export async function followStation(openid: string, stationCode: string, now: Date) {
  if (!(await getStation(stationCode))) fail('DUTY_STATION_NOT_FOUND');
  await follow(stationCode, openid, now);
  return { following: true };
}

export async function unfollowStation(openid: string, stationCode: string) {
  await unfollow(stationCode, openid);
  return { following: false };
}

export async function followState(openid: string, stationCode: string) {
  return { following: await isFollowing(stationCode, openid) };
}

/**
 * Queues the `noticePublished` message for every follower of the notice's station (every page of
 * followers), then marks the notice notified. Keys are per (notice version, follower): a rerun after a
 * crash queues nothing twice. The scheduler's job `notifyNoticeFollowers` finishes what a publish left.
 */
export async function notifyFollowers(notice: StoredNotice, stationName: string, now: Date): Promise<number> {
  const followers = await followersOf(notice.stationCode);
  const period = await resolvePeriod(notice.periodId);
  const title = notice.version > 1 ? '代表履职登记公示（更正）' : '代表履职登记公示';
  const ids: string[] = [];
  for (const f of followers) {
    ids.push(
      await queueMessage(
        null,
        {
          key: `notice:${notice._id}:${f.openid}`,
          openid: f.openid,
          template: 'noticePublished',
          page: pageWith('notice', { id: notice._id }),
          fields: {
            thing1: period.ok ? noticeMessageTitle(period.value, notice.version > 1) : title,
            thing2: stationName,
            time3: messageTime(notice.publishedAt ?? now),
          },
          ref: `notice:${notice._id}`,
        },
        now,
      ),
    );
  }
  await markNotified(notice._id, now);
  if (ids.length) await flushOutbox(ids, now).catch(() => undefined);
  return ids.length;
}

/**
 * A correction tells each deputy whose row changed (bound to WeChat) what changed, by noticePublished;
 * the deputy's notice page (duty.myNotices → myChange) shows the change itself. Answers how many were told.
 */
export async function notifyCorrectedDeputies(
  notice: StoredNotice,
  stationName: string,
  now: Date,
): Promise<number> {
  const affected = Object.keys(notice.changesByDeputy ?? {});
  if (affected.length === 0) return 0;
  const deputies = await deputiesWithOpenids(affected);
  const ids: string[] = [];
  for (const d of deputies) {
    if (!d.openid) continue;
    ids.push(
      await queueMessage(
        null,
        {
          key: `notice:${notice._id}:deputy:${d._id}`,
          openid: d.openid,
          template: 'noticePublished',
          page: PAGES.deputyNotice,
          fields: {
            thing1: `您的履职公示已更正：${notice.changesByDeputy?.[d._id] ?? ''}`,
            thing2: stationName,
            time3: messageTime(notice.publishedAt ?? now),
          },
          ref: `notice:${notice._id}`,
        },
        now,
      ),
    );
  }
  if (ids.length) await flushOutbox(ids, now).catch(() => undefined);
  return ids.length;
}

/** The scheduler's job: published notices whose followers were not all told yet (a publish interrupted after commit). */
export async function notifyPending(now: Date): Promise<number> {
  let n = 0;
  for (const notice of await unnotifiedPublished(50)) {
    const station = await stationByCode(notice.stationCode);
    n += await notifyFollowers(notice, station?.name ?? notice.stationCode, now);
  }
  return n;
}

/**
 * Legal-knowledge articles bench, on an in-process local cloud running the real `article` and
 * `scheduler` bundles (SDK → local database):
 *   - publishing one issue to 1 000 subscribers (half of them granted): the publish call (content check,
 *     numbering, the first PUSH_INLINE_MAX messages queued and sent) and the scheduler run that finishes
 *     the push; then the reach figures;
 *   - 10 drafts published at once: wall time and whether the issue numbers came out 1…10;
 *   - article.get (render + one read per person) with 8 concurrent readers.
 */
import { count, DEMO_TOWNSHIP, loadInProcessTools, runConcurrent, stopwatch } from './lib/local-cloud.mjs';

const SUBSCRIBERS = count(1000, 40);
const READS = count(1000, 40);
const CONCURRENCY = 8;
const PRESIDIUM = 'bench-presidium';
const TEMPLATE_ID = 'LOCAL-article-published';

const BODY = Array.from(
  { length: 40 },
  (_, i) =>
    `## 第${i + 1}条\n\n村民委员会应当**依法**公布下列事项，接受村民的监督：\n\n- 财务收支\n- 集体土地使用`,
).join('\n\n');

export async function run() {
  const { startLocalCloud, asTownship } = await loadInProcessTools();
  const cloud = await startLocalCloud({ dataDir: null });
  try {
    cloud.store.commit([
      {
        collection: 'townships',
        id: DEMO_TOWNSHIP,
        doc: { _id: DEMO_TOWNSHIP, name: '金鼓乡', order: 1, createdAt: new Date() },
      },
      ...asTownship(DEMO_TOWNSHIP, [
        {
          collection: 'users',
          id: PRESIDIUM,
          doc: { _id: PRESIDIUM, openid: PRESIDIUM, role: 'presidium', name: '主席团', boundAt: new Date() },
        },
      ]),
    ]);
    const call = async (action, payload, openid = PRESIDIUM, now) => {
      const res = await cloud.invoke('article', { action, ...payload }, { openid, now });
      if (!res.ok) throw new Error(`${action}: ${JSON.stringify(res.error)}`);
      return res.data;
    };
    let rid = 0;
    const draft = (title, now) =>
      call(
        'saveDraft',
        {
          requestId: `bench-${++rid}-xxxx`,
          title,
          summary: '摘要',
          category: '村民委员会组织法',
          body: BODY,
        },
        PRESIDIUM,
        now,
      );

    const T0 = '2040-01-01T02:00:00.000Z';
    const T1 = '2040-01-02T02:00:00.000Z';
    const writes = [];
    for (let i = 0; i < SUBSCRIBERS; i++) {
      const openid = `bench-sub-${String(i).padStart(5, '0')}`;
      writes.push({
        collection: 'articleSubscribers',
        id: openid,
        doc: { _id: openid, openid, role: 'resident', subscribedAt: new Date(T0) },
      });
      if (i % 2 === 0) cloud.openapi.grant(openid, TEMPLATE_ID, 1);
    }
    cloud.store.commit(asTownship(DEMO_TOWNSHIP, writes));

    const { id } = await draft('村务公开的十项内容', T0);
    let elapsed = stopwatch();
    const published = await call('publish', { requestId: `bench-pub-${id}`, articleId: id }, PRESIDIUM, T1);
    const publishMs = elapsed();
    elapsed = stopwatch();
    let runs = 0;
    let pushedByScheduler = 0;
    for (;;) {
      const sched = await cloud.invoke('scheduler', { action: 'runDue' }, { now: T1 });
      runs++;
      const queued = sched.data?.pushArticles ?? 0;
      pushedByScheduler += queued;
      if (!queued || runs > 10) break;
    }
    const schedulerMs = elapsed();
    const reach = await call('reach', { articleId: id });

    console.log(`\n## articles: one issue pushed to ${SUBSCRIBERS} subscribers (half granted)`);
    console.log(
      `  publish call             ${publishMs.toFixed(0)} ms  (${published.queued} queued inline, ${published.sent} sent)`,
    );
    console.log(
      `  scheduler runs           ${schedulerMs.toFixed(0)} ms  (${runs} runs until none left; pushArticles queued ${pushedByScheduler}, at most 500 a run)`,
    );
    console.log(
      `  reach                    sent ${reach.sent}, refused ${reach.refused}, failed ${reach.failed}, pending ${reach.pending}`,
    );

    const T2 = '2041-03-01T02:00:00.000Z';
    const ids = [];
    for (let i = 0; i < 10; i++) ids.push((await draft(`并发${i}`, T2)).id);
    elapsed = stopwatch();
    const numbers = await Promise.all(
      ids.map((articleId) =>
        call('publish', { requestId: `bench-pub-${articleId}`, articleId }, PRESIDIUM, T2).then(
          (a) => a.issueNumber,
        ),
      ),
    );
    const concurrentMs = elapsed();
    const unique = [...numbers].sort((a, b) => a - b).join(',') === '1,2,3,4,5,6,7,8,9,10';
    console.log(
      `  10 concurrent publishes  ${concurrentMs.toFixed(0)} ms  (numbers ${unique ? '1…10, each once' : numbers.join(',')})`,
    );

    const readSeconds =
      (await runConcurrent(READS, CONCURRENCY, (i) => call('get', { articleId: id }, `bench-reader-${i}`))) /
      1000;
    const after = await call('reach', { articleId: id });
    console.log(
      `  article.get              ${(READS / readSeconds).toFixed(0)} calls/s (${CONCURRENCY} concurrent, ${READS} readers; reads counted ${after.reads})`,
    );
  } finally {
    await cloud.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();

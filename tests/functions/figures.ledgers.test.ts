/**
 * figures.exportLedger through the local cloud: more than 1000 cases (and duty records) seeded straight
 * into the store, each ledger exported by the built bundle, downloaded through its temporary link, opened
 * back with exceljs and checked against what was seeded, counted here independently of the ledger code:
 * headers, row counts, cells (China days, 超期, 渠道), the sheet's set-up (frozen header, filter, A4
 * landscape), no villager's name or phone unless the presidium asks (then every export is recorded), and
 * nothing of another township.
 */
import ExcelJS from 'exceljs';
import { addDays, chinaDate, chinaInstant } from '../../core/calendar/china-time';
import { PERSONAS } from '../../local/demo/township.seed';
import { demoCloud, expectError, type DemoCloud } from './support';

jest.setTimeout(180_000);

let cloud: DemoCloud;
const NOW = new Date();
const TODAY = chinaDate(NOW);
const PERIOD = { start: '2025-01-01', end: '2025-12-31' };
const inPeriod = (day: string) => PERIOD.start <= day && day <= PERIOD.end;

let seed = 15_2026;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

type Doc = Record<string, unknown> & { _id: string };
const cases: Doc[] = [];
const events: Doc[] = [];
const duties: Doc[] = [];
const days: Doc[] = [];
const bookings: Doc[] = [];
const STATIONS: Record<string, string[]> = {
  JG01: ['d01', 'd02', 'd03'],
  JG02: ['d04', 'd05'],
  JG03: ['d06', 'd07'],
};
const VILLAGES: Record<string, string> = { JG01: 'jingu', JG02: 'baiguo', JG03: 'heba' };
const CHANNELS = [
  { filedBy: { kind: 'self' }, label: '扫码留言' },
  { filedBy: { kind: 'stationAdmin', openid: 'demo-station-admin' }, label: '来访代录' },
  { filedBy: { kind: 'stationAdmin', openid: 'demo-station-admin' }, channel: 'hotline', label: '来电代录' },
  { filedBy: { kind: 'reception', dayId: 'x', recordedBy: 'demo-station-admin' }, label: '接待日收集' },
];
const phoneOf = (i: number) => `139${String(10_000_000 + i).slice(-8)}`;
const nameOf = (i: number) => `村民甲${i}号`;

/** The expected 是否超期 of a seeded case, by the rule stated in the issue (as of today). */
const expectedOverdue = new Map<string, boolean>();

function build() {
  // Cases: 1300 submitted in and around 2025, some exactly at the China-time edges of the year.
  for (let i = 0; i < 1300; i++) {
    const station = pick(Object.keys(STATIONS));
    const deputyId = pick(STATIONS[station]);
    const edge = i < 4;
    const submittedAt = edge
      ? // 2025-01-01 00:30 and 2026-01-01 00:30 China time (the evening before in UTC), and the minute before each
        [
          chinaInstant('2025-01-01', '00:30'),
          chinaInstant('2024-12-31', '23:59'),
          chinaInstant('2026-01-01', '00:30'),
          chinaInstant('2025-12-31', '23:59'),
        ][i]
      : chinaInstant(addDays('2024-12-20', Math.floor(rand() * 390)), '10:15');
    const on = chinaDate(submittedAt);
    const status = pick(['assigned', 'accepted', 'replied', 'closed', 'closed', 'transferred']);
    const acceptLate = rand() < 0.2;
    const acceptedOn = status === 'assigned' ? null : addDays(on, acceptLate ? 4 : 1);
    const answered = ['replied', 'closed'].includes(status);
    const answerLate = rand() < 0.2;
    const repliedOn = answered ? addDays(on, answerLate ? 15 : 5) : null;
    const anonymous = rand() < 0.2;
    const channel = pick(CHANNELS);
    const id = `op${String(i).padStart(22, '0')}`;
    const supervised = rand() < 0.1;
    cases.push({
      _id: id,
      stationCode: station,
      villageCode: VILLAGES[station],
      categoryCode: pick(['road', 'agriculture', 'health']),
      text: i % 7 === 0 ? `路灯坏了，请联系我${phoneOf(i)}` : `第${i}件：村口道路需要修补`,
      photos: [],
      anonymous,
      consentToPublish: false,
      ...(anonymous ? {} : { contact: { name: nameOf(i), phone: phoneOf(i) } }),
      filedBy: channel.filedBy,
      ...(channel.channel ? { channel: channel.channel } : {}),
      status,
      owner:
        status === 'transferred'
          ? {
              kind: 'department',
              departmentId: 'agri',
              departmentName: '乡农业服务中心',
              deputyIds: [deputyId],
            }
          : { kind: 'deputies', deputyIds: [deputyId] },
      routing: { reason: '', path: 'village' },
      limits: { acceptDays: 2, answerDays: 10 },
      submittedAt,
      submittedOn: on,
      assignedOn: on,
      acceptBy: addDays(on, 2),
      answerBy: addDays(on, 10),
      ...(acceptedOn ? { acceptedOn } : {}),
      ...(repliedOn ? { answeredOn: repliedOn, answer: '已处理' } : {}),
      ...(status === 'closed'
        ? {
            resolvedAt: chinaInstant(addDays(repliedOn!, 2), '09:00'),
            outcome: 'satisfied',
            closedAt: new Date(),
          }
        : {}),
      ratings: status === 'closed' ? [{ rating: 'satisfied', at: new Date() }] : [],
      supervised,
      reopenCount: 0,
      handedBackBy: [],
      followers: [],
      deputyHistory: [deputyId],
    });
    const ev = (type: string, day: string, data?: object) =>
      events.push({
        _id: `${id}:${events.length}`,
        opinionId: id,
        type,
        actorRole: 'deputy',
        at: chinaInstant(day, '15:00'),
        visibleToVillager: true,
        ...(data ? { data } : {}),
      });
    ev('submitted', on);
    if (acceptedOn) ev('accepted', acceptedOn);
    if (status === 'transferred') ev('transferred', acceptedOn!, { departmentName: '乡农业服务中心' });
    if (supervised) ev('supervised', addDays(on, 3));
    if (repliedOn) ev('replied', repliedOn);
    if (status === 'closed') ev('resolved', addDays(repliedOn!, 2));
    const acceptOverdue = status === 'assigned' ? TODAY > addDays(on, 2) : acceptedOn! > addDays(on, 2);
    const answerOverdue = ['assigned', 'accepted', 'transferred'].includes(status)
      ? TODAY > addDays(on, 10)
      : repliedOn! > addDays(on, 10);
    expectedOverdue.set(id, acceptOverdue || answerOverdue);
  }
  // Duty records: 1100, around the year.
  for (let i = 0; i < 1100; i++) {
    const station = pick(Object.keys(STATIONS));
    const manual = rand() < 0.7;
    duties.push({
      _id: `rec-${i}`,
      deputyId: pick(STATIONS[station]),
      stationCode: station,
      type: manual ? pick(['visit', 'inspection', 'training']) : 'opinionReplied',
      date: addDays('2024-12-15', Math.floor(rand() * 400)),
      description: i % 9 === 0 ? `走访困难户，电话${phoneOf(5000 + i)}` : '走访选民',
      peopleReached: Math.floor(rand() * 10),
      photos: [],
      createdAt: new Date(),
      ...(manual
        ? { source: 'manual', status: pick(['approved', 'pending', 'returned']) }
        : { source: 'system', sourceRef: `x:${i}` }),
    });
  }
  // Reception days in 2025 with named bookings.
  for (let i = 0; i < 60; i++) {
    const station = pick(Object.keys(STATIONS));
    const id = `lday-${i}`;
    days.push({
      _id: id,
      stationCode: station,
      date: addDays('2025-01-03', i * 6),
      start: '09:00',
      end: '11:30',
      deputyIds: STATIONS[station].slice(0, 2),
      capacity: 'unlimited',
      booked: 0,
      status: pick(['done', 'done', 'cancelled', 'scheduled']),
    });
    const n = Math.floor(rand() * 5);
    for (let b = 0; b < n; b++)
      bookings.push({
        _id: `lbk-${i}-${b}`,
        dayId: id,
        slotId: 'a',
        openid: `lv-${i}-${b}`,
        stationCode: station,
        villageCode: VILLAGES[station],
        topic: '反映灌溉用水问题',
        name: `来访人${i}乙${b}`,
        phone: phoneOf(9000 + i * 10 + b),
        status: pick(['checkedIn', 'checkedIn', 'booked', 'noShow']),
        checkInCode: 'ABCDEF',
        bookedAt: chinaInstant(addDays('2025-01-01', i * 6), '08:00'),
      });
  }
}

/** Another township's records, which no ledger of 金鼓乡 may show. */
function otherTownship(): Doc[] {
  return Array.from({ length: 30 }, (_, i) => ({
    _id: `opqs${String(i).padStart(20, '0')}`,
    townshipId: 'qingshan',
    stationCode: 'QS01',
    villageCode: 'qs',
    categoryCode: 'road',
    text: '青山镇的事QSMARK',
    photos: [],
    anonymous: false,
    consentToPublish: false,
    contact: { name: '青山人某', phone: '13600000000' },
    filedBy: { kind: 'self' },
    status: 'assigned',
    owner: { kind: 'presidium' },
    submittedAt: chinaInstant('2025-06-01', '10:00'),
    submittedOn: '2025-06-01',
    assignedOn: '2025-06-01',
    acceptBy: '2025-06-03',
    answerBy: '2025-06-11',
    ratings: [],
    supervised: false,
    reopenCount: 0,
    handedBackBy: [],
    followers: [],
  }));
}

beforeAll(async () => {
  cloud = await demoCloud(NOW);
  build();
  const put = (collection: string, docs: Doc[]) => docs.map((doc) => ({ collection, id: doc._id, doc }));
  const writes = [
    ...put('opinions', cases),
    ...put('opinionEvents', events),
    ...put('dutyRecords', duties),
    ...put('receptionDays', days),
    ...put('bookings', bookings),
    ...put('opinions', otherTownship()),
  ];
  for (let i = 0; i < writes.length; i += 2000) cloud.store.commit(writes.slice(i, i + 2000));
});
afterAll(() => cloud?.stop());

interface Exported {
  fileID: string;
  url: string;
  rows: number;
  fileName: string;
  expiresAt: string;
}

async function exportAs(openid: string, event: object) {
  return cloud.call<Exported>('figures', { action: 'exportLedger', ...event }, openid);
}

/** Exports, downloads through the temporary link, and opens the workbook. */
async function open(event: object, openid: string = PERSONAS.presidium) {
  const res = await exportAs(openid, event);
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  const download = await fetch(res.data.url);
  expect(download.status).toBe(200);
  expect(download.headers.get('content-type')).toBe(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await download.arrayBuffer()) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const header = (ws.getRow(2).values as unknown[]).slice(1) as string[];
  const rows: unknown[][] = [];
  ws.eachRow((row, n) => {
    if (n > 2) rows.push((row.values as unknown[]).slice(1));
  });
  return { data: res.data, ws, header, rows, col: (name: string) => header.indexOf(name) };
}

const cellText = (v: unknown): string =>
  v instanceof Date ? v.toISOString() : v && typeof v === 'object' ? JSON.stringify(v) : String(v ?? '');
const everyCell = (ws: ExcelJS.Worksheet): string => {
  const out: string[] = [];
  ws.eachRow((row) => row.eachCell((c) => out.push(cellText(c.value))));
  return out.join('\n');
};
const dayOf = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);

describe('意见建议办理台账 (cases)', () => {
  it('has one row per case submitted in the period (China days), with the steps, 渠道 and 超期 as recorded', async () => {
    const { data, ws, header, rows, col } = await open({ ledger: 'cases', ...PERIOD });
    const expected = cases.filter((c) => inPeriod(chinaDate(c.submittedAt as Date)));
    expect(expected.length).toBeGreaterThan(1000);
    expect(data.rows).toBe(expected.length);
    expect(rows).toHaveLength(expected.length);
    expect(data.fileName).toBe('金鼓乡意见建议办理台账（2025-01-01至2025-12-31）.xlsx');
    expect(data.fileID).toMatch(
      /^cloud:\/\/local\.[0-9a-f]+-local-\d+\/ledgers\/jingu\/cases-2025-01-01_2025-12-31-[0-9a-f]{12}\.xlsx$/,
    );
    expect(header).toEqual([
      '编号',
      '提交日期',
      '渠道',
      '联络站',
      '村（社区）',
      '类别',
      '内容摘要',
      '署名',
      '承办代表/部门',
      '转办部门',
      '受理期限',
      '受理日期',
      '答复期限',
      '答复日期',
      '办结日期',
      '是否超期',
      '督办',
      '办理结果',
      '满意度',
    ]);
    expect(String(ws.getCell('A1').value)).toMatch(/^金鼓乡意见建议办理台账（2025年1月1日至2025年12月31日）/);

    // Rows come by submission time; the China-time edges of the year are in or out as China counts days.
    const ids = rows.map((r) => r[col('编号')]);
    expect(ids).toEqual(
      [...expected]
        .sort((a, b) => +(a.submittedAt as Date) - +(b.submittedAt as Date) || (a._id < b._id ? -1 : 1))
        .map((c) => c._id),
    );
    expect(ids).toContain(cases[0]._id); // 2025-01-01 00:30 China (2024-12-31 16:30 UTC)
    expect(ids).not.toContain(cases[1]._id); // 2024-12-31 23:59 China
    expect(ids).not.toContain(cases[2]._id); // 2026-01-01 00:30 China
    expect(ids).toContain(cases[3]._id); // 2025-12-31 23:59 China (15:59 UTC)
    const first = rows[ids.indexOf(cases[0]._id)];
    expect(dayOf(first[col('提交日期')])).toBe('2025-01-01');

    const byId = new Map(rows.map((r) => [r[col('编号')] as string, r]));
    for (const c of expected) {
      const r = byId.get(c._id)!;
      const channel = CHANNELS.find(
        (ch) => ch.filedBy.kind === (c.filedBy as { kind: string }).kind && ch.channel === c.channel,
      )!;
      expect(r[col('渠道')]).toBe(channel.label);
      expect(String(r[col('是否超期')]).startsWith('是')).toBe(expectedOverdue.get(c._id));
      expect(r[col('督办')]).toBe(c.supervised ? '是' : '否');
      expect(dayOf(r[col('受理期限')])).toBe(c.acceptBy);
      expect(dayOf(r[col('受理日期')]) ?? null).toBe((c.acceptedOn as string | undefined) ?? null);
      expect(dayOf(r[col('答复日期')]) ?? null).toBe((c.answeredOn as string | undefined) ?? null);
      expect(r[col('署名')]).toBe(c.anonymous ? '匿名' : '实名');
      if (c.status === 'transferred') expect(r[col('转办部门')]).toBe('乡农业服务中心');
      if (c.status === 'closed') {
        expect(dayOf(r[col('办结日期')])).toBe(chinaDate(c.resolvedAt as Date));
        expect(r[col('满意度')]).toBe('满意');
      }
    }
    // Some of each, so the checks above check something.
    expect(expected.filter((c) => expectedOverdue.get(c._id)).length).toBeGreaterThan(100);
    expect(expected.filter((c) => !expectedOverdue.get(c._id)).length).toBeGreaterThan(100);
    expect(new Set(rows.map((r) => r[col('渠道')]))).toEqual(new Set(CHANNELS.map((ch) => ch.label)));
  });

  it('is set up as a township prints it: frozen header, filter, A4 landscape with the title rows repeated', async () => {
    const { ws, header } = await open({ ledger: 'cases', ...PERIOD });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.autoFilter).toBe(`A2:S2`);
    expect(header).toHaveLength(19);
    expect(ws.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      printTitlesRow: '1:2',
    });
    expect(ws.getColumn(7).width).toBe(40);
    expect(ws.getColumn(2).numFmt).toBe('yyyy-mm-dd');
  });

  it('carries no villager name or phone without includeContacts, and nothing of another township', async () => {
    const { ws, header } = await open({ ledger: 'cases', ...PERIOD });
    expect(header).not.toContain('联系人');
    expect(header).not.toContain('联系电话');
    const text = everyCell(ws);
    expect(text).not.toMatch(/1[3-9]\d{9}/);
    expect(text).not.toMatch(/村民甲\d+号/);
    expect(text).toMatch(/139\*\*\*\*\d{4}/); // a phone typed into the text is masked
    expect(text).not.toMatch(/QSMARK|青山人某/);
  });

  it('with includeContacts shows named villagers (never an anonymous one) and records who exported', async () => {
    const before = [...cloud.store.entries('ledgerExports').values()].length;
    const { data, rows, col, ws } = await open({ ledger: 'cases', ...PERIOD, includeContacts: true });
    const byId = new Map(rows.map((r) => [r[col('编号')] as string, r]));
    const named = cases.find((c) => !c.anonymous && inPeriod(chinaDate(c.submittedAt as Date)))!;
    expect(byId.get(named._id)![col('联系人')]).toBe((named.contact as { name: string }).name);
    expect(byId.get(named._id)![col('联系电话')]).toBe((named.contact as { phone: string }).phone);
    for (const c of cases.filter((x) => x.anonymous && inPeriod(chinaDate(x.submittedAt as Date))))
      expect(byId.get(c._id)![col('联系人')]).toBe('匿名');
    expect(String(ws.getCell('A1').value)).toMatch(/含联系方式/);

    const exports = [...cloud.store.entries('ledgerExports').values()].map(
      (e) => e.doc as Record<string, unknown>,
    );
    expect(exports.length).toBe(before + 1);
    const last = exports.find((e) => e.fileID === data.fileID)!;
    expect(last).toMatchObject({
      townshipId: 'jingu',
      ledger: 'cases',
      start: PERIOD.start,
      end: PERIOD.end,
      includeContacts: true,
      rows: data.rows,
      byOpenid: PERSONAS.presidium,
      byRole: 'presidium',
    });
    // The exports before it (without contacts) were recorded too.
    expect(
      exports.filter((e) => e.ledger === 'cases' && e.includeContacts === false).length,
    ).toBeGreaterThanOrEqual(3);
  });
  it('pages through more than a thousand cases filed at the same instant, each once', async () => {
    const at = chinaInstant('2024-03-15', '10:00');
    const template = cases.find((c) => c.status === 'closed')!;
    const same = Array.from({ length: 1205 }, (_, i) => ({
      ...template,
      _id: `optie${String(i).padStart(19, '0')}`,
      submittedAt: at,
      submittedOn: '2024-03-15',
    }));
    cloud.store.commit(same.map((doc) => ({ collection: 'opinions', id: doc._id, doc })));
    const { data, rows, col } = await open({ ledger: 'cases', start: '2024-03-01', end: '2024-03-31' });
    const ids = rows.map((r) => r[col('编号')] as string);
    expect(ids.filter((id) => id.startsWith('optie'))).toEqual(same.map((c) => c._id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(data.rows).toBe(
      [...cloud.store.entries('opinions').values()]
        .map((e) => e.doc as Doc)
        .filter((o) => o.townshipId === 'jingu' && chinaDate(o.submittedAt as Date).startsWith('2024-03'))
        .length,
    );
  });
});

describe('the other ledgers', () => {
  it('代表履职登记台账: one row per duty record dated in the period, phones in descriptions masked', async () => {
    const { data, header, rows, col, ws } = await open({ ledger: 'duties', ...PERIOD });
    const stored = [...cloud.store.entries('dutyRecords').values()]
      .map((e) => e.doc as Doc)
      .filter((d) => d.townshipId === 'jingu' && inPeriod(d.date as string));
    expect(stored.length).toBeGreaterThan(900);
    expect(data.rows).toBe(stored.length);
    expect(rows).toHaveLength(stored.length);
    expect(header).toEqual([
      '代表',
      '联络站',
      '履职日期',
      '履职类型',
      '履职内容',
      '联系群众（人次）',
      '来源',
      '审核状态',
    ]);
    const dates = rows.map((r) => dayOf(r[col('履职日期')]) as string);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(rows.map((r) => r[col('来源')]))).toEqual(new Set(['代表填报', '系统记录']));
    expect(new Set(rows.map((r) => r[col('审核状态')]))).toEqual(
      new Set(['已通过', '待审核', '已退回', '无需审核']),
    );
    expect(rows.reduce((n, r) => n + Number(r[col('联系群众（人次）')]), 0)).toBe(
      stored.reduce((n, d) => n + (d.peopleReached as number), 0),
    );
    expect(everyCell(ws)).not.toMatch(/1[3-9]\d{9}/);
  });

  it('接待登记台账: a row per booking (one for a day nobody booked), names masked unless asked', async () => {
    const { data, header, rows, col, ws } = await open({ ledger: 'reception', ...PERIOD });
    const storedDays = [...cloud.store.entries('receptionDays').values()]
      .map((e) => e.doc as Doc)
      .filter((d) => d.townshipId === 'jingu' && inPeriod(d.date as string));
    const storedBookings = [...cloud.store.entries('bookings').values()].map((e) => e.doc as Doc);
    const expected = storedDays.reduce(
      (n, d) => n + Math.max(1, storedBookings.filter((b) => b.dayId === d._id).length),
      0,
    );
    expect(data.rows).toBe(expected);
    expect(rows).toHaveLength(expected);
    expect(header).not.toContain('联系电话');
    const text = everyCell(ws);
    expect(text).not.toMatch(/来访人\d+乙\d+/);
    expect(text).toMatch(/来\*{5,}/);
    expect(text).not.toMatch(/1[3-9]\d{9}/);
    // An empty cell (a day nobody booked) reads back as undefined.
    expect(new Set(rows.map((r) => r[col('到场情况')] ?? ''))).toEqual(
      new Set(['已到场', '已预约', '未到场', '']),
    );

    const full = await open({ ledger: 'reception', ...PERIOD, includeContacts: true });
    expect(everyCell(full.ws)).toMatch(/来访人\d+乙\d+/);
    expect(full.header).toContain('联系电话');
  });

  it('接待登记台账 of one station for its station admin; nothing else for them', async () => {
    const { rows, col } = await open({ ledger: 'reception', ...PERIOD }, PERSONAS.stationAdmin);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r[col('联络站')]))).toEqual(new Set(['金鼓乡人大代表之家']));
    expectError(await exportAs(PERSONAS.stationAdmin, { ledger: 'cases', ...PERIOD }), 'FORBIDDEN');
    expectError(
      await exportAs(PERSONAS.stationAdmin, { ledger: 'reception', ...PERIOD, stationCode: 'JG02' }),
      'NOT_YOUR_STATION',
    );
    expectError(
      await exportAs(PERSONAS.stationAdmin, { ledger: 'reception', ...PERIOD, includeContacts: true }),
      'FORBIDDEN',
    );
    expectError(await exportAs(PERSONAS.villager, { ledger: 'cases', ...PERIOD }), 'FORBIDDEN');
    expectError(await exportAs(PERSONAS.deputy1, { ledger: 'duties', ...PERIOD }), 'FORBIDDEN');
  });

  it('法律知识推送台账: the issues first pushed in the period, with their reach', async () => {
    const year = Number(TODAY.slice(0, 4));
    const { data, header, rows } = await open({ ledger: 'law', start: `${year - 1}-01-01`, end: TODAY });
    expect(header).toEqual([
      '期数',
      '标题',
      '栏目',
      '发布单位',
      '推送日期',
      '推送人数',
      '送达',
      '未送达',
      '阅读',
      '状态',
    ]);
    const from = chinaInstant(`${year - 1}-01-01`);
    const stored = [...cloud.store.entries('articles').values()]
      .map((e) => e.doc as Doc)
      .filter((a) => ['jingu', 'county'].includes(a.townshipId as string))
      .filter((a) => a.issue && ['published', 'unpublished'].includes(a.status as string))
      .filter((a) => new Date((a.firstPublishedAt ?? a.publishedAt) as Date) >= from);
    expect(stored.length).toBeGreaterThan(0);
    expect(data.rows).toBe(stored.length);
    expect(rows.map((r) => r[1]).sort()).toEqual(stored.map((a) => a.title).sort());
  });
});

describe('what it refuses', () => {
  it('periods that are not real, run backwards, start in the future or more than ten years back', async () => {
    const p = PERSONAS.presidium;
    expectError(await exportAs(p, { ledger: 'cases', start: '2025-02-30', end: '2025-03-31' }), 'BAD_INPUT');
    expectError(
      await exportAs(p, { ledger: 'cases', start: '2025-06-01', end: '2025-05-31' }),
      'FIGURES_PERIOD_INVALID',
    );
    expectError(
      await exportAs(p, { ledger: 'cases', start: addDays(TODAY, 1), end: addDays(TODAY, 30) }),
      'DATE_OUT_OF_RANGE',
    );
    expectError(
      await exportAs(p, {
        ledger: 'cases',
        start: addDays(TODAY, -11 * 366),
        end: addDays(TODAY, -11 * 366 + 30),
      }),
      'DATE_OUT_OF_RANGE',
    );
    expectError(await exportAs(p, { ledger: 'cases', ...PERIOD, stationCode: 'JG01' }), 'BAD_INPUT');
    expectError(await exportAs(p, { ledger: 'minutes', ...PERIOD }), 'BAD_INPUT');
  });

  it('reads every collection through a declared index', () => {
    const mine = [
      'opinions',
      'opinionEvents',
      'dutyRecords',
      'receptionDays',
      'bookings',
      'receptionRecords',
      'articles',
      'outbox',
      'articleReads',
      'ledgerExports',
    ];
    expect(cloud.engine.unindexedQueries().filter((q) => mine.includes(q.collection))).toEqual([]);
  });
});

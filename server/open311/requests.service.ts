/**
 * The Open311 door's use cases, in the key's township (server/open311/http.ts decides it):
 *
 *   services()                  GET services: the active opinion categories, their working-day limits
 *   serviceDefinition(code)     GET services/{code}: the attributes a request may carry
 *   fileRequest(key, input)     POST requests: a case filed like any opinion (one path: the same draft
 *                               check, content check and createOpinion with its routing), its channel
 *                               and key recorded; idempotent on the client's case_number, else on the
 *                               request itself within ten minutes
 *   getRequest(id)              GET requests/{id}
 *   listRequests(query, now)    GET requests: by id, or by requested_datetime (90 days at most), status
 *                               and service; or (extension) changed after a time, paged
 *
 * Only cases filed through this door are ever read: a villager's own case in WeChat never leaves. What
 * leaves of a case has no personal data: no name, phone or openid; the description with phone numbers
 * masked; status_notes from the public answer only; agency_responsible the deputies or department.
 */
import { createHash } from 'node:crypto';
import { submissionVerdict } from '../../core/opinion/opinion.content';
import type { OpinionStatus } from '../../core/opinion/opinion.types';
import {
  OPEN311_CHANNELS,
  agencyResponsible,
  decodeCursor,
  encodeCursor,
  endOfDay,
  open311Status,
  parseW3,
  requestWindow,
  serviceDescription,
  serviceNotice,
  statusNotes,
  w3,
  type ChangeCursor,
} from '../../core/open311/open311.rules';
import { redactPhones } from '../../core/privacy/phone.mask';
import { checkTexts } from '../content-check';
import { command, findById, findMany } from '../db/collection';
import { AppError, orFail } from '../errors';
import { createOpinion, opinionIdFor } from '../opinion/opinions.service';
import { OPINIONS, getOpinion, listCategories, type OpinionRecord } from '../opinion/opinions.repo';
import { VILLAGES, allVillages, deputiesByIds, listStations } from '../station/stations.repo';
import type { Village } from '../../core/station/station.types';
import type { ApiKeyRecord } from './keys.service';
import type { ListRequestsQuery, PostRequestInput, ServiceRequestOut } from './open311.schemas';

/** A refusal the door answers with the specification's error body: 400, or 404 for what does not exist. */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 429,
    readonly description: string,
  ) {
    super(description);
  }
}

const CLOSED: readonly OpinionStatus[] = ['resolved', 'closed', 'merged'];
const OPEN: readonly OpinionStatus[] = ['review', 'assigned', 'accepted', 'transferred', 'replied'];
/** A request filed again within this window without a case_number answers the first one. */
const RETRY_WINDOW_MS = 10 * 60 * 1000;
/** A page of changes holds this many requests unless page_size says otherwise. */
const CHANGES_PAGE = 100;

export async function services() {
  const categories = await listCategories();
  return categories.map((c) => ({
    service_code: c.code,
    service_name: c.name,
    description: serviceDescription(c),
    metadata: true,
    type: 'realtime' as const,
    keywords: c.name,
    group: '意见建议',
  }));
}

export async function serviceDefinition(code: string) {
  const [categories, villages] = await Promise.all([listCategories(), allVillages()]);
  if (!categories.some((c) => c.code === code))
    throw new Open311Error(404, `没有找到 service_code ${code}（请先调用 GET services 查看可选类别）`);
  return {
    service_code: code,
    attributes: [
      {
        variable: true,
        code: 'village',
        datatype: 'singlevaluelist' as const,
        required: false,
        datatype_description: '村（社区）代码，与 address_id 相同',
        order: 1,
        description: '事项发生的村（社区）。也可以用 address_id 传村代码，或在 address_string 中写明村名。',
        values: villages.map((v) => ({ key: v.code, name: v.name })).sort((a, b) => (a.key < b.key ? -1 : 1)),
      },
      {
        variable: true,
        code: 'case_number',
        datatype: 'string' as const,
        required: false,
        datatype_description: '1到64位字母、数字、下划线或短横线',
        order: 2,
        description:
          '贵方系统自己的工单编号（如12345工单号）。同一编号重复提交只会生成一件，返回同一个 service_request_id。',
      },
      {
        variable: true,
        code: 'consent_to_publish',
        datatype: 'singlevaluelist' as const,
        required: false,
        datatype_description: null,
        order: 3,
        description: '来电群众是否同意在联络站公开问题和答复（不含身份信息）。不填视为不同意。',
        values: [
          { key: 'yes', name: '同意公开' },
          { key: 'no', name: '不同意公开' },
        ],
      },
    ],
  };
}

/** The village a request names: attribute[village], address_id, or one village named in address_string. */
async function villageOf(input: PostRequestInput): Promise<Village> {
  const code = input.attribute.village ?? input.address_id;
  if (code) {
    const v = await findById<Village>(VILLAGES, code);
    if (!v)
      throw new Open311Error(
        400,
        `没有找到 address_id ${code} 对应的村（社区）；可选代码见 GET services/{service_code}`,
      );
    return v;
  }
  if (input.address_string) {
    const named = (await allVillages()).filter((v) => input.address_string!.includes(v.name));
    if (named.length === 1) return named[0];
    throw new Open311Error(
      400,
      named.length
        ? 'address_string 中写到了不止一个村（社区），请用 address_id 传村代码'
        : 'address_string 中没有本乡镇的村（社区）名，请用 address_id 传村代码（见 GET services/{service_code}）',
    );
  }
  throw new Open311Error(
    400,
    input.lat !== undefined && input.long !== undefined
      ? '暂不能按经纬度确定村（社区），请同时提供 address_id（村代码）或 address_string（含村名）'
      : '缺少位置：请提供 address_id（村代码）、address_string（含村名）或 lat 和 long',
  );
}

/** The idempotency key of a filing: the client's case number, else the request itself in its window. */
function filingKey(key: ApiKeyRecord, input: PostRequestInput, now: Date): { key: string; ref?: string } {
  const ref = input.attribute.case_number;
  if (ref) return { key: `open311:${key._id}:ref:${ref}`, ref };
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        input.service_code,
        input.address_id ?? input.attribute.village ?? input.address_string ?? '',
        input.description,
        input.last_name ?? '',
        input.first_name ?? '',
        input.phone ?? '',
      ]),
    )
    .digest('hex')
    .slice(0, 32);
  return { key: `open311:${key._id}:h:${digest}:${Math.floor(now.getTime() / RETRY_WINDOW_MS)}` };
}

/** POST requests: the case, filed and routed as any opinion. */
export async function fileRequest(apiKey: ApiKeyRecord, input: PostRequestInput, now: Date) {
  const { key, ref } = filingKey(apiKey, input, now);
  const earlier = await getOpinion(opinionIdFor(key));
  if (earlier) return postAnswer(earlier);
  const [village, categories] = await Promise.all([villageOf(input), listCategories()]);
  // The specification: 404 for a service_code that is not found.
  if (!categories.some((c) => c.code === input.service_code))
    throw new Open311Error(
      404,
      `没有找到 service_code ${input.service_code}（请先调用 GET services 查看可选类别）`,
    );
  const name = `${input.last_name?.trim() ?? ''}${input.first_name?.trim() ?? ''}`;
  const phone = input.phone?.trim() ?? '';
  const anonymous = !name && !phone;
  const consentToPublish = input.attribute.consent_to_publish === 'yes';
  const draft = {
    stationCode: village.stationCode,
    villageCode: village.code,
    categoryCode: input.service_code,
    text: input.description,
    photos: [],
    anonymous,
    consentToPublish,
    ...(!anonymous && { contact: { ...(name && { name }), ...(phone && { phone }) } }),
  };
  // The same check as a villager's text; WeChat's check is asked as the presidium member who issued the key.
  const verdict = await checkTexts([input.description, name], apiKey.createdBy);
  const checked = orFail(submissionVerdict(verdict, consentToPublish));
  const { opinion } = await createOpinion(draft, null, { kind: 'self' }, now, key, {
    review: checked.review,
    privateReport: checked.privateReport,
    via: { channel: apiKey.channel, keyId: apiKey._id, client: apiKey.name, ...(ref && { ref }) },
  });
  return postAnswer(opinion);
}

function postAnswer(o: OpinionRecord) {
  return [{ service_request_id: o._id, service_notice: serviceNotice(o.limits), account_id: null }];
}

const throughDoor = () => command().in([...OPEN311_CHANNELS]);

/** GET requests/{id}: a case filed through the door, or 404. */
export async function getRequest(id: string) {
  const o = /^op[0-9a-f]{22}$/.test(id) ? await getOpinion(id) : null;
  if (!o || !o.open311) throw new Open311Error(404, `没有找到 service_request_id ${id}`);
  return render([o]);
}

export interface ListAnswer {
  requests: ServiceRequestOut[];
  /** Extension: the page_token of the next page of changes, when there may be one. */
  next?: string;
}

function statusFilter(statuses: ('open' | 'closed')[] | undefined) {
  if (!statuses || statuses.length === 2) return {};
  return { status: command().in([...(statuses[0] === 'open' ? OPEN : CLOSED)]) };
}

export async function listRequests(q: ListRequestsQuery, now: Date): Promise<ListAnswer> {
  const _ = command();
  if (q.service_request_id) {
    const found = await findMany<OpinionRecord>(OPINIONS, {
      _id: _.in(q.service_request_id),
      channel: throughDoor(),
    });
    const order = new Map(q.service_request_id.map((id, i) => [id, i]));
    return { requests: await render(found.sort((a, b) => order.get(a._id)! - order.get(b._id)!)) };
  }
  const filters = {
    channel: throughDoor(),
    ...statusFilter(q.status),
    ...(q.service_code && { categoryCode: _.in(q.service_code) }),
  };
  if (q.updated_after !== undefined || q.page_token !== undefined) return changesSince(q, filters);

  const start = q.start_date === undefined ? null : parseW3(q.start_date);
  const end = q.end_date === undefined ? null : parseW3(q.end_date);
  if (start === null && q.start_date !== undefined)
    throw new Open311Error(400, 'start_date 应为 w3 格式的时间，如 2026-11-01T00:00:00+08:00');
  if (end === null && q.end_date !== undefined)
    throw new Open311Error(400, 'end_date 应为 w3 格式的时间，如 2026-11-30T23:59:59+08:00');
  const window = requestWindow(start, end, now);
  if (!window.ok)
    throw new Open311Error(
      400,
      window.reason === 'START_AFTER_END'
        ? 'start_date 不能晚于 end_date'
        : 'start_date 与 end_date 相隔不能超过90天',
    );
  const found = await findMany<OpinionRecord>(
    OPINIONS,
    { ...filters, submittedAt: _.gte(window.from).and(_.lte(window.to)) },
    { orderBy: [['submittedAt', 'desc']], limit: 1000 },
  );
  return { requests: await render(found) };
}

/**
 * Extension for answers back: the requests changed (filed, or any step: accepted, answered, resolved …)
 * after `updated_after` — or after where `page_token` says the last page ended — oldest change first,
 * `page_size` at a time (default 100). Changes at the same instant are ordered by id, so a page
 * boundary never skips or repeats one.
 */
async function changesSince(q: ListRequestsQuery, filters: Record<string, unknown>): Promise<ListAnswer> {
  const _ = command();
  let cursor: ChangeCursor;
  if (q.page_token !== undefined) {
    const c = decodeCursor(q.page_token);
    if (!c) throw new Open311Error(400, 'page_token 不正确，请使用上一页响应头 X-Next-Page-Token 的值');
    cursor = c;
  } else {
    const at = parseW3(q.updated_after!);
    if (!at) throw new Open311Error(400, 'updated_after 应为 w3 格式的时间，如 2026-11-30T09:00:00+08:00');
    // Strictly after the time given: the cursor's id sorts before every case id.
    cursor = { at, id: '' };
  }
  const size = q.page_size ?? CHANGES_PAGE;
  const sameInstant = cursor.id
    ? await findMany<OpinionRecord>(
        OPINIONS,
        { ...filters, changedAt: cursor.at, _id: _.gt(cursor.id) },
        { orderBy: [['_id', 'asc']], limit: size },
      )
    : [];
  const later =
    sameInstant.length < size
      ? await findMany<OpinionRecord>(
          OPINIONS,
          { ...filters, changedAt: _.gt(cursor.at) },
          {
            orderBy: [
              ['changedAt', 'asc'],
              ['_id', 'asc'],
            ],
            limit: size - sameInstant.length,
          },
        )
      : [];
  const page = [...sameInstant, ...later];
  const last = page[page.length - 1];
  return {
    requests: await render(page),
    ...(page.length === size &&
      last?.changedAt && { next: encodeCursor({ at: new Date(last.changedAt), id: last._id }) }),
  };
}

/** Cases as the client system sees them: names of deputies, categories and places read once for all. */
async function render(cases: OpinionRecord[]): Promise<ServiceRequestOut[]> {
  if (!cases.length) return [];
  const deputyIds = [
    ...new Set(cases.flatMap((o) => (o.owner.kind === 'presidium' ? [] : o.owner.deputyIds))),
  ];
  const [deputies, categories, villages, stations] = await Promise.all([
    deputiesByIds(deputyIds),
    listCategories(true),
    allVillages(),
    listStations(),
  ]);
  const deputyName = new Map(deputies.map((d) => [d._id, d.name]));
  const categoryName = new Map(categories.map((c) => [c.code, c.name]));
  const villageName = new Map(villages.map((v) => [v.code, v.name]));
  const stationName = new Map(stations.map((s) => [s.code, s.name]));
  return cases.map((o) => {
    const changed = o.changedAt ?? o.closedAt ?? o.resolvedAt ?? o.submittedAt;
    const closed = open311Status(o.status) === 'closed';
    return {
      service_request_id: o._id,
      status: open311Status(o.status),
      status_notes: statusNotes(o),
      service_name: categoryName.get(o.categoryCode) ?? o.categoryCode,
      service_code: o.categoryCode,
      description: redactPhones(o.text),
      agency_responsible: agencyResponsible(o.owner, (id) => deputyName.get(id)),
      service_notice: serviceNotice(o.limits),
      requested_datetime: w3(new Date(o.submittedAt)),
      updated_datetime: w3(new Date(closed ? (o.closedAt ?? o.resolvedAt ?? changed) : changed)),
      expected_datetime: closed ? null : endOfDay(o.answerBy),
      address: [villageName.get(o.villageCode) ?? o.villageCode, stationName.get(o.stationCode)]
        .filter(Boolean)
        .join('，'),
      address_id: o.villageCode,
      zipcode: null,
      lat: null,
      long: null,
      media_url: null,
    };
  });
}

/** An AppError of the opinion path (a bad draft, a refused text) as the door's 400. */
export function fromAppError(err: AppError): Open311Error {
  return new Open311Error(400, `${err.message.replace(/^[A-Z_]+: /, '')}（${err.code}）`);
}

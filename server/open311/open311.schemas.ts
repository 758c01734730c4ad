/**
 * The Open311 GeoReport v2 door's payloads and answers as zod schemas: the HTTP handler validates every
 * call with them, and the OpenAPI document (server/open311/openapi.ts, docs/open311.openapi.json) is
 * generated from the same schemas. Field names are the specification's. A POST comes form-encoded
 * (every value a string; `attribute[code]=value` already gathered into `attribute`), or as JSON.
 * Each schema is built on use (a cold start builds only what its call needs).
 */
import { z } from 'zod';
import { MOBILE_PATTERN } from '../../core/privacy/phone.rules';
import { RATINGS } from '../../core/opinion/opinion.types';
import {
  CALLBACK_COMMENT_MAX,
  DESCRIPTION_MAX,
  KEY_NAME_MAX,
  KEY_SCOPES,
  OPEN311_CHANNELS,
  PAGE_MAX,
  RATE_PER_MINUTE_MAX,
} from '../../core/open311/open311.rules';

const code = () => z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '编号格式不正确');
const requestId = () => z.string().regex(/^op[0-9a-f]{22}$/, 'service_request_id 格式不正确');
const decimal = (min: number, max: number) =>
  z
    .union([z.number(), z.string().regex(/^-?\d{1,3}(\.\d{1,10})?$/, '应为十进制数')])
    .transform(Number)
    .refine((n) => n >= min && n <= max, `应在${min}到${max}之间`);
/** A comma-delimited list (the specification's way to declare a parameter several times). */
const list = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess(
    (v) =>
      typeof v === 'string' && v.length <= max * 80
        ? v
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean)
        : v,
    z.array(item).min(1).max(max),
  );
const w3Text = () => z.string().max(40).describe('w3 datetime, e.g. 2026-11-30T09:00:00+08:00');

/** The attributes a service definition declares (GET services/{code}) and a POST may carry. */
export const ATTRIBUTE_CODES = ['village', 'case_number', 'consent_to_publish'] as const;

export const postRequestInput = () =>
  z.strictObject({
    jurisdiction_id: z.string().max(64).optional(),
    service_code: code(),
    lat: decimal(-90, 90).optional(),
    long: decimal(-180, 180).optional(),
    address_string: z.string().max(200).optional(),
    address_id: code().optional(),
    /** Not kept: a case keeps at most a name and a phone to call back. */
    email: z.string().max(254).optional(),
    device_id: z.string().max(64).optional(),
    account_id: z.string().max(64).optional(),
    first_name: z.string().max(20).optional(),
    last_name: z.string().max(20).optional(),
    /** A mainland mobile number to call back (what every case keeps, and masks wherever it is shown). */
    phone: z.string().max(20).trim().regex(MOBILE_PATTERN, 'phone 应为11位手机号码').optional(),
    description: z.string().trim().min(1, 'description 不能为空').max(DESCRIPTION_MAX),
    /** Not kept: photos reach a case through the mini-program's cloud storage only. */
    media_url: z.string().max(500).optional(),
    attribute: z
      .strictObject({
        village: code().optional(),
        case_number: code().optional(),
        consent_to_publish: z.enum(['yes', 'no']).optional(),
      })
      .default({}),
  });
export type PostRequestInput = z.infer<ReturnType<typeof postRequestInput>>;

export const listRequestsQuery = () =>
  z.strictObject({
    jurisdiction_id: z.string().max(64).optional(),
    service_request_id: list(requestId(), 100).optional(),
    service_code: list(code(), 50).optional(),
    start_date: w3Text().optional(),
    end_date: w3Text().optional(),
    status: list(z.enum(['open', 'closed']), 2).optional(),
    /** Extension: the requests changed after this time, oldest change first (answers back). */
    updated_after: w3Text().optional(),
    /** Extension: where the previous page of changes ended (the X-Next-Page-Token header). */
    page_token: z.string().max(60).optional(),
    /** Extension: how many changed requests a page holds (default 100). */
    page_size: z
      .string()
      .regex(/^\d{1,4}$/)
      .transform(Number)
      .pipe(z.number().int().min(1).max(PAGE_MAX))
      .optional(),
  });
export type ListRequestsQuery = z.infer<ReturnType<typeof listRequestsQuery>>;

/**
 * Extension, POST requests/{id}/rating: the filing system's callback (回访) — what the caller answered
 * (满意 / 基本满意 / 不满意, the product's ratings), what they added, and when they were called.
 */
export const ratingInput = () =>
  z.strictObject({
    jurisdiction_id: z.string().max(64).optional(),
    rating: z.enum(RATINGS, {
      message: 'rating 应为 satisfied（满意）、basicallySatisfied（基本满意）或 unsatisfied（不满意）',
    }),
    comment: z
      .string()
      .trim()
      .max(CALLBACK_COMMENT_MAX, `comment 最多${CALLBACK_COMMENT_MAX}个字`)
      .optional(),
    callback_at: w3Text().optional(),
  });
export type RatingInput = z.infer<ReturnType<typeof ratingInput>>;

/** GET services, GET services/{code}, GET requests/{id}: only the jurisdiction. */
export const plainQuery = () => z.strictObject({ jurisdiction_id: z.string().max(64).optional() });

// ------------------------------------------------------------------ answers

export const serviceSchema = () =>
  z.object({
    service_code: z.string(),
    service_name: z.string(),
    description: z.string(),
    metadata: z.boolean(),
    type: z.enum(['realtime', 'batch', 'blackbox']),
    keywords: z.string(),
    group: z.string(),
  });

export const serviceDefinitionSchema = () =>
  z.object({
    service_code: z.string(),
    attributes: z.array(
      z.object({
        variable: z.boolean(),
        code: z.string(),
        datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
        required: z.boolean(),
        datatype_description: z.string().nullable(),
        order: z.number().int().positive(),
        description: z.string(),
        values: z.array(z.object({ key: z.string(), name: z.string() })).optional(),
      }),
    ),
  });

export const postResponseSchema = () =>
  z.array(
    z.object({
      service_request_id: z.string(),
      service_notice: z.string(),
      account_id: z.null(),
    }),
  );

export const serviceRequestSchema = () =>
  z.object({
    service_request_id: z.string(),
    status: z.enum(['open', 'closed']),
    status_notes: z.string().nullable(),
    service_name: z.string(),
    service_code: z.string(),
    description: z.string(),
    agency_responsible: z.string(),
    service_notice: z.string(),
    requested_datetime: z.string(),
    updated_datetime: z.string(),
    expected_datetime: z.string().nullable(),
    address: z.string(),
    address_id: z.string(),
    zipcode: z.null(),
    lat: z.null(),
    long: z.null(),
    media_url: z.null(),
  });
export type ServiceRequestOut = z.infer<ReturnType<typeof serviceRequestSchema>>;

/** Extension: the answer to a callback rating, the same each time the same rating is posted again. */
export const ratingResponseSchema = () =>
  z.array(
    z.object({
      service_request_id: z.string(),
      status: z.enum(['open', 'closed']).describe('closed: rated and finished; open: 不满意 reopened it'),
      rating: z.enum(RATINGS),
      rating_name: z.string().describe('满意 / 基本满意 / 不满意'),
      rated_datetime: z.string().describe('w3 datetime the rating was recorded'),
      callback_datetime: z.string().nullable().describe('callback_at as recorded, or null'),
      reopened: z.boolean().describe('不满意 reopened the case under the presidium’s supervision (督办)'),
      notes: z.string().describe('what the case’s timeline says, e.g. 12345回访评价：满意，此件已办结'),
    }),
  );
export type RatingOut = z.infer<ReturnType<typeof ratingResponseSchema>>[number];

export const errorsSchema = () =>
  z.array(z.object({ code: z.number().int(), description: z.string() })).min(1);

// ------------------------------------------------------------------ the presidium's key actions

export const issueKeyInput = () =>
  z.strictObject({
    name: z.string().trim().min(1, '请填写接入系统的名称').max(KEY_NAME_MAX, `名称最多${KEY_NAME_MAX}个字`),
    channel: z.enum(OPEN311_CHANNELS),
    scopes: z.array(z.enum(KEY_SCOPES)).min(1, '至少选择一项权限').max(KEY_SCOPES.length),
    ratePerMinute: z.number().int().min(1).max(RATE_PER_MINUTE_MAX).optional(),
  });

export const keyIdInput = () =>
  z.strictObject({ id: z.string().regex(/^[a-f0-9]{16}$/, '密钥编号格式不正确') });

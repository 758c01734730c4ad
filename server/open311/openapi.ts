/**
 * The door's machine-readable contract: an OpenAPI 3.1 document generated from the same zod schemas the
 * HTTP handler validates with (server/open311/open311.schemas.ts). `npm run build` writes it to
 * docs/open311.openapi.json (scripts/generate.ts); the function serves it at GET …/v2/openapi.json.
 */
import { z } from 'zod';
import {
  errorsSchema,
  listRequestsQuery,
  plainQuery,
  postRequestInput,
  postResponseSchema,
  ratingInput,
  ratingResponseSchema,
  serviceDefinitionSchema,
  serviceRequestSchema,
  serviceSchema,
} from './open311.schemas';

type Json = Record<string, unknown>;

function schemaOf(s: z.ZodType, io: 'input' | 'output' = 'output'): Json {
  const { $schema: _s, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

/** Query parameters from an object schema's fields (as input: what a client sends). */
function parameters(s: z.ZodType): Json[] {
  const json = schemaOf(s, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    // A list is comma-delimited, as the specification declares a parameter several times.
    ...(schema.type === 'array' && { style: 'form', explode: false }),
    schema,
  }));
}

const KEY_PARAM = {
  name: 'api_key',
  in: 'query',
  required: true,
  description: '乡镇人大主席团发放的接口密钥（o311_…）。POST 时也可放在表单内容中。密钥决定调用所在的乡镇。',
  schema: { type: 'string', maxLength: 200 },
};

function responses(ok: Json, okDescription: string, extra: Json = {}): Json {
  const err = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Errors' } } },
  });
  return {
    '200': { description: okDescription, content: { 'application/json': { schema: ok } }, ...extra },
    '400': err('请求不正确（字段缺失或格式错误，或内容未通过检查）'),
    '403': err('缺少、无效或已撤销的 api_key，或密钥没有这项权限'),
    '404': err('没有这个类别、这件意见或 jurisdiction_id'),
    '429': err('超过这个 api_key 每分钟的调用次数'),
  };
}

export function buildOpenApi(): Json {
  const path = (code: string) => ({ name: code, in: 'path', required: true, schema: { type: 'string' } });
  return {
    openapi: '3.1.0',
    info: {
      title: '代表联络站 Open311 GeoReport v2 接口',
      version: '2.0.0',
      description:
        'GeoReport v2 (http://wiki.open311.org/GeoReport_v2) for the county’s systems (12345 hotline, case systems): ' +
        'services are the opinion categories, requests are the cases. JSON only. Every method needs api_key ' +
        '(the key names the township). Extension: GET requests with updated_after / page_token / page_size ' +
        'answers the requests changed since a time, oldest change first; the next page’s token is in the ' +
        'X-Next-Page-Token response header. Extension: POST requests/{service_request_id}/rating.json passes on ' +
        'the caller’s answer to the filing system’s callback (回访: 满意/基本满意/不满意) as the case’s rating.',
    },
    servers: [{ url: '/open311/v2', description: 'CloudBase HTTP access path (locally: the local cloud)' }],
    paths: {
      '/services.json': {
        get: {
          summary: 'GET Service List: the opinion categories, their working-day limits as description',
          parameters: [KEY_PARAM, ...parameters(plainQuery())],
          responses: responses(
            { type: 'array', items: { $ref: '#/components/schemas/Service' } },
            '类别列表',
          ),
        },
      },
      '/services/{service_code}.json': {
        get: {
          summary:
            'GET Service Definition: the attributes a request may carry (village, case_number, consent_to_publish)',
          parameters: [path('service_code'), KEY_PARAM, ...parameters(plainQuery())],
          responses: responses({ $ref: '#/components/schemas/ServiceDefinition' }, '类别的附加字段'),
        },
      },
      '/requests.json': {
        post: {
          summary:
            'POST Service Request: file a case; routed like any opinion; idempotent on attribute[case_number]',
          parameters: [{ ...KEY_PARAM, required: false }],
          requestBody: {
            required: true,
            content: {
              'application/x-www-form-urlencoded': { schema: schemaOf(postRequestInput(), 'input') },
              'application/json': { schema: schemaOf(postRequestInput(), 'input') },
            },
          },
          responses: responses(schemaOf(postResponseSchema()), '已受理：service_request_id'),
        },
        get: {
          summary:
            'GET Service Requests: by id, by requested_datetime (at most 90 days), status and service; or changed since (extension)',
          parameters: [KEY_PARAM, ...parameters(listRequestsQuery())],
          responses: responses(
            { type: 'array', items: { $ref: '#/components/schemas/ServiceRequest' } },
            '意见建议的办理情况（最多1000件）',
            {
              headers: {
                'X-Next-Page-Token': {
                  description: '下一页的 page_token（按更新时间翻页时）',
                  schema: { type: 'string' },
                },
              },
            },
          ),
        },
      },
      '/requests/{service_request_id}.json': {
        get: {
          summary: 'GET Service Request: one case',
          parameters: [path('service_request_id'), KEY_PARAM, ...parameters(plainQuery())],
          responses: responses(
            { type: 'array', items: { $ref: '#/components/schemas/ServiceRequest' } },
            '一件意见建议',
          ),
        },
      },
      '/requests/{service_request_id}/rating.json': {
        post: {
          summary:
            'Extension (not in GeoReport v2): the callback rating (回访评价) of a request this key filed, once it is closed (办结)',
          description:
            'Only the key that filed the request may rate it (403 otherwise), scope file. The request must be 办结 ' +
            '(status closed, not yet rated): satisfied / basicallySatisfied close it; unsatisfied reopens it under ' +
            'the presidium’s supervision (status open again; a bounded number of times, then it closes as unsatisfied), ' +
            'and it can be rated again when it is closed the next time. The rating counts in the township’s 满意率 ' +
            'as the caller’s own answer. Idempotent: the same rating posted again answers the same body and rates ' +
            'nothing; a different one is refused with 400 (OPINION_ALREADY_RATED). 400 NOT_RATABLE before 办结 or ' +
            'after the rating window closed the case as 未评价. callback_at: not before 办结, not in the future.',
          'x-open311-extension': true,
          parameters: [path('service_request_id'), { ...KEY_PARAM, required: false }],
          requestBody: {
            required: true,
            content: {
              'application/x-www-form-urlencoded': { schema: schemaOf(ratingInput(), 'input') },
              'application/json': { schema: schemaOf(ratingInput(), 'input') },
            },
          },
          responses: {
            ...responses(schemaOf(ratingResponseSchema()), '已记录回访评价（重复提交同一评价时答复相同）'),
            '403': {
              description: '缺少、无效或已撤销的 api_key，密钥没有 file 权限，或这件意见不是这个密钥转交的',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Errors' } } },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        Service: schemaOf(serviceSchema()),
        ServiceDefinition: schemaOf(serviceDefinitionSchema()),
        ServiceRequest: schemaOf(serviceRequestSchema()),
        Errors: schemaOf(errorsSchema()),
      },
    },
  };
}

/** The committed document's text (docs/open311.openapi.json). */
export function renderOpenApi(): string {
  return `${JSON.stringify(buildOpenApi(), null, 2)}\n`;
}

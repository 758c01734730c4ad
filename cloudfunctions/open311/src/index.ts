/**
 * Cloud function `open311`: the Open311 GeoReport v2 door for the county's systems (12345 hotline, case
 * systems), and the presidium's keys to it.
 *
 *   - Called through CloudBase's HTTP access service (an integration event: `httpMethod`, `path` …), it
 *     serves GeoReport v2 in JSON, authenticated by API key (server/open311/http.ts): services, service
 *     definitions, filing a request (routed like any opinion), one request, requests by time or changed
 *     since. Its HTTP access path (`/open311` → this function) is declared in server/http-routes.ts:
 *     `npm run deploy` creates it, and the local cloud serves it.
 *   - Called with callFunction, it is a table of actions like every function: the presidium issues a key
 *     (shown once), lists and revokes the township's keys (server/open311/keys.service.ts).
 */
import { z } from 'zod';
import { action, defineFunction, type Envelope } from '../../../server/pipeline';
import * as keys from '../../../server/open311/keys.service';
import { isHttpEvent, serveHttp, type HttpAnswer } from '../../../server/open311/http';
import { buildOpenApi } from '../../../server/open311/openapi';
import { issueKeyInput, keyIdInput } from '../../../server/open311/open311.schemas';

export const definition = defineFunction('open311', {
  issueKey: action({
    summary:
      'The presidium issues an API key for a county system (name, channel 12345/api, scopes read/file, calls per minute); the key (o311_…) is in this answer only — stored as a salted hash.',
    audience: ['presidium'],
    input: () => issueKeyInput(),
    run: ({ caller, now }, input) => keys.issueKey(caller.openid, now, input),
  }),

  listKeys: action({
    summary:
      "The township's API keys (never the key itself): name, channel, scopes, rate, created, last used, revoked.",
    audience: ['presidium'],
    input: () => z.strictObject({}),
    run: () => keys.listKeys(),
  }),

  revokeKey: action({
    summary: 'The presidium revokes an API key: its next call is refused (403).',
    audience: ['presidium'],
    input: () => keyIdInput(),
    run: ({ caller, now }, { id }) => keys.revokeKey(caller.openid, now, id),
  }),
});

let openapi: unknown;
const contract = () => (openapi ??= buildOpenApi());

export function main(event: unknown): Promise<Envelope | HttpAnswer> {
  return isHttpEvent(event) ? serveHttp(event, contract) : definition.main(event);
}

/**
 * The local cloud's HTTP server (loopback only):
 *   POST /admin                 the database endpoint wx-server-sdk talks to
 *   POST /functions/<name>      runs a cloud function; event = JSON body, caller = header x-wx-openid
 *   GET  /local/messages        subscribe messages sent so far (the openapi outbox log)
 *   POST /local/subscriptions   {openid, templateId, count} grants one-time subscriptions (dev mode)
 *   ANY  /open311/…             an HTTP access route of server/http-routes.ts (the Open311 door → cloudfunctions/open311),
 *                               event as CloudBase's HTTP access service sends it
 *   GET  /local/health
 *   PUT  /local/cos/<bucket>/<path>, GET /local/files/<bucket>/<path>   cloud storage (./storage/local-storage.ts)
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { matchHttpRoute } from '../server/http-routes';
import { DatabaseEngine, DatabaseError } from './engine/database';
import type { RoundTrips } from './round-trips';
import type { FunctionHost } from './runtime';
import type { LocalOpenApi } from './openapi/local-openapi';
import { LocalStorage } from './storage/local-storage';

const MAX_BODY = 8 * 1024 * 1024;

export interface LocalServerParts {
  engine: DatabaseEngine;
  openapi: LocalOpenApi;
  /** Cloud storage: its `storage.*` requests to /admin, its uploads and its temporary links. */
  storage: LocalStorage;
  host: () => FunctionHost;
  /**
   * Milliseconds each database answer waits, as a network round trip would (0: none). With it, requests
   * a function makes in parallel overlap in time, so the longest sequential chain can be measured.
   */
  dbLatencyMs?: number;
}

export function createLocalServer(parts: LocalServerParts): http.Server {
  let seq = 0;
  const server = http.createServer((req, res) => {
    const arrived = performance.now();
    // Uploads and downloads stream their bytes: they are not JSON bodies.
    if (parts.storage.handleHttp(req, res, new URL(req.url ?? '/', 'http://local'))) return;
    readBody(req)
      .then(async (body) => {
        const url = new URL(req.url ?? '/', 'http://local');
        if (req.method === 'POST' && url.pathname === '/admin') {
          const params = JSON.parse(body || '{}');
          const requestId = `local-db-${++seq}`;
          // One round trip of the function call named in the URL (FunctionHost puts it there).
          const call = url.searchParams.get('call');
          if (call)
            res.once('finish', () =>
              parts.host().roundTrips.record(call, {
                action: String(params.action),
                start: arrived,
                end: performance.now(),
              }),
            );
          try {
            if (LocalStorage.handles(String(params.action)))
              return send(res, 200, { ...parts.storage.serve(String(params.action), params), requestId });
            const answer = await parts.engine.serve(String(params.action), params);
            if (parts.dbLatencyMs) await new Promise((r) => setTimeout(r, parts.dbLatencyMs));
            return send(res, 200, { ...answer, requestId });
          } catch (err) {
            if (err instanceof DatabaseError)
              return send(res, 200, { code: err.code, message: err.message, requestId });
            throw err;
          }
        }
        // The HTTP access routes (server/http-routes.ts, the same list `npm run deploy` creates) as
        // CloudBase's HTTP access service calls their functions: the Open311 door.
        const route = matchHttpRoute(url.pathname);
        if (route && parts.host().has(route.function)) {
          const event = {
            path: url.pathname,
            httpMethod: req.method ?? 'GET',
            headers: Object.fromEntries(
              Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]),
            ),
            queryStringParameters: Object.fromEntries(url.searchParams),
            body,
            isBase64Encoded: false,
          };
          const now = header(req, 'x-local-now');
          const out = (await parts.host().invoke(route.function, event, { now, source: 'wx_http' })) as {
            statusCode: number;
            headers?: Record<string, string>;
            body: string;
          };
          res.writeHead(out.statusCode, { ...out.headers, 'content-length': Buffer.byteLength(out.body) });
          return res.end(out.body);
        }
        const fn = /^\/functions\/([a-z][a-z0-9]*)$/.exec(url.pathname);
        if (req.method === 'POST' && fn) {
          if (!parts.host().has(fn[1])) return send(res, 404, { error: `no cloud function ${fn[1]}` });
          let event: unknown;
          try {
            event = JSON.parse(body || '{}');
          } catch {
            return send(res, 400, { ok: false, error: { code: 'BAD_INPUT', message: '请求格式不正确' } });
          }
          const openid = header(req, 'x-wx-openid');
          const now = header(req, 'x-local-now');
          const source = openid ? 'wx_client' : 'wx_http';
          let trips: RoundTrips | undefined;
          const onRoundTrips = (t: RoundTrips) => (trips = t);
          const answer = await parts.host().invoke(fn[1], event, { openid, now, source, onRoundTrips });
          // The call's database round trips, for benchmarks and curious developers (local only).
          if (trips) {
            res.setHeader('x-local-db-calls', String(trips.calls));
            res.setHeader('x-local-db-chain', String(trips.chain));
          }
          return send(res, 200, answer);
        }
        if (req.method === 'GET' && url.pathname === '/local/messages')
          return send(res, 200, parts.openapi.messages);
        if (req.method === 'POST' && url.pathname === '/local/subscriptions') {
          const p = JSON.parse(body || '{}') as { openid?: string; templateId?: string; count?: number };
          if (!p.openid || !p.templateId)
            return send(res, 400, { error: 'openid and templateId are required' });
          return send(res, 200, { left: parts.openapi.grant(p.openid, p.templateId, p.count ?? 1) });
        }
        if (req.method === 'GET' && url.pathname === '/local/health') return send(res, 200, { ok: true });
        return send(res, 404, { error: 'not found' });
      })
      .catch((err: unknown) => {
        if (err instanceof BodyTooLarge)
          return send(res, 413, {
            ok: false,
            error: { code: 'BAD_INPUT', message: `请求内容太大（最多${MAX_BODY / 1024 / 1024} MB）` },
          });
        console.error('[local cloud]', err);
        send(res, 500, { error: 'internal error' });
      });
  });
  // The SDK keeps its sockets open between requests. A function that holds the event loop for seconds
  // (a QR code is drawn synchronously) must not let Node's 5 s keep-alive close a socket the SDK is about
  // to reuse: that is a connection reset and an INTERNAL answer under repeated taps.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 5_000;
  return server;
}

const KEEP_ALIVE_MS = 120_000;

export function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

class BodyTooLarge extends Error {}

/** A body past MAX_BODY is read to its end and dropped (up to MAX_DRAIN), so the client gets the 413. */
const MAX_DRAIN = 8 * MAX_BODY;

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
      else if (size > MAX_DRAIN) req.destroy();
      else chunks.length = 0;
    });
    // Answering while the client is still sending resets its connection before it reads the answer:
    // the 413 goes out once the whole body has arrived (and was dropped).
    req.on('end', () =>
      size > MAX_BODY ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * The HTTP access routes: CloudBase's HTTP access service (云接入 / HTTP 访问服务) binds a path to a cloud
 * function and calls it with an integration event ({ path, httpMethod, headers, queryStringParameters,
 * body, isBase64Encoded }). One declaration for both sides: `npm run deploy` creates each route
 * (scripts/deploy/plan.ts), and the local cloud (local/server.ts) serves the same paths with
 * `matchHttpRoute`, so the path cannot differ between the local cloud and the deployed one.
 */

export interface HttpRoute {
  /**
   * The path as the HTTP access service matches it: a prefix, starting with `/`, without a trailing `/`;
   * never `/` nor one of the local cloud's own paths (`/admin`, `/functions`, `/local`): deploy refuses them.
   */
  path: string;
  /** The cloud function (a folder under cloudfunctions/) that the route calls. */
  function: string;
  /**
   * The route's own 身份认证 (CloudBase checks a CloudBase credential before the function runs; manager-node
   * `createAccess({ auth })`). Off for a door whose callers hold no CloudBase login: the function
   * authenticates them itself (`callerAuth`).
   */
  cloudAuth: boolean;
  /** How the function authenticates the callers of this route (the deploy plan says it). */
  callerAuth: string;
  purpose: string;
}

export const HTTP_ROUTES: readonly HttpRoute[] = [
  {
    path: '/open311',
    function: 'open311',
    cloudAuth: false,
    callerAuth:
      'api_key (query or form body) issued by the presidium (open311.issueKey), scope read/file, per-minute rate; discovery.json and v2/openapi.json are public',
    purpose: "Open311 GeoReport v2 for the county's systems (12345 hotline, case systems)",
  },
];

/**
 * The route that serves a request path, as the HTTP access service picks it: prefix match on whole path
 * segments (`/open311` serves `/open311` and `/open311/v2/…`, not `/open3110`), the longest path first.
 */
export function matchHttpRoute(
  pathname: string,
  routes: readonly HttpRoute[] = HTTP_ROUTES,
): HttpRoute | undefined {
  let found: HttpRoute | undefined;
  for (const r of routes) {
    const hit = pathname === r.path || pathname.startsWith(`${r.path}/`);
    if (hit && (!found || r.path.length > found.path.length)) found = r;
  }
  return found;
}

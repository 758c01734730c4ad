/**
 * The server's clock. In CloudBase it is the real time. In the local cloud (LOCAL_CLOUD=1) a test or
 * a demo may set LOCAL_NOW (per request, see local/runtime) to walk through working-day deadlines.
 */
export function now(): Date {
  if (process.env.LOCAL_CLOUD === '1' && process.env.LOCAL_NOW) {
    const t = Date.parse(process.env.LOCAL_NOW);
    if (!Number.isNaN(t)) return new Date(t);
  }
  return new Date();
}

/** What every cloud function answers (server/pipeline.ts), and the one way tests unwrap it. */
export type Envelope<T = unknown> =
  { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

/** The data of a successful envelope; throws with the error otherwise (the test then fails saying why). */
export function unwrap<T>(res: Envelope<T>): T {
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.data;
}

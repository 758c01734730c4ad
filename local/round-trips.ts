/**
 * Database round trips per function call. In CloudBase every database request from a function is a
 * network round trip; the local cloud counts them. Each invocation gets an id that rides on the URL the
 * SDK sends its requests to (TCB_CONTEXT_CNFG.URL, read per request), so the `/admin` endpoint knows
 * which call a request belongs to. For a finished call: how many requests, and the longest chain of
 * sequential ones (requests that overlap in time ran in parallel, e.g. under Promise.all).
 */
export interface RoundTrip {
  action: string;
  start: number;
  end: number;
}

export interface RoundTrips {
  /** Database requests the call made. */
  calls: number;
  /** The longest chain of requests each starting after the previous one was answered. */
  chain: number;
  /** The database actions, in the order they started. */
  actions: string[];
}

export class RoundTripRecorder {
  private readonly open = new Map<string, RoundTrip[]>();

  begin(callId: string): void {
    this.open.set(callId, []);
  }

  record(callId: string, trip: RoundTrip): void {
    this.open.get(callId)?.push(trip);
  }

  end(callId: string): RoundTrips {
    const trips = this.open.get(callId) ?? [];
    this.open.delete(callId);
    return summarise(trips);
  }
}

export function summarise(trips: readonly RoundTrip[]): RoundTrips {
  const sorted = [...trips].sort((a, b) => a.start - b.start);
  // Longest path where b follows a when b started once a was answered.
  const depth: number[] = [];
  let chain = 0;
  sorted.forEach((t, i) => {
    let best = 0;
    for (let j = 0; j < i; j++) if (sorted[j].end <= t.start) best = Math.max(best, depth[j]);
    depth[i] = best + 1;
    chain = Math.max(chain, depth[i]);
  });
  return { calls: sorted.length, chain, actions: sorted.map((t) => t.action.replace(/^database\./, '')) };
}

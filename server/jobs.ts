/**
 * The scheduler's run of its due jobs (cloudfunctions/scheduler lists them, in order). Each job is
 * idempotent; one failing job never stops the others, and the next hourly run tries it again.
 *
 * A township's job (the default) runs once in each township (server/tenancy.ts), with that township's
 * records and settings; a county job (`county: true`) runs once across townships, on what the county
 * shares (the outbox, request ids, counters). The report adds up each job's counts over the townships.
 */
import { listTownshipIds } from './identity/townships.repo';
import { acrossTownships, withTownship } from './tenancy';

type Counts = number | Record<string, number>;

export interface Job {
  name: string;
  /** Runs once for the whole county rather than once per township. */
  county?: true;
  /** Answers what it did: a count of records touched, or a small report. */
  run(now: Date): Promise<Counts>;
}

export type JobReport = Record<string, number | string | Record<string, number>>;

function add(a: Counts | undefined, b: Counts): Counts {
  if (a === undefined) return b;
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  const out: Record<string, number> = typeof a === 'number' ? {} : { ...a };
  if (typeof b !== 'number') for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** Runs every job once (a township's job once per township), in order; answers what each did, or 'failed'. */
export async function runJobs(jobs: readonly Job[], now: Date): Promise<JobReport> {
  const townshipIds = await acrossTownships(listTownshipIds);
  const report: JobReport = {};
  for (const job of jobs) {
    let total: Counts | undefined;
    let failed = false;
    const runs = job.county
      ? [() => acrossTownships(() => job.run(now))]
      : townshipIds.map((t) => () => withTownship(t, () => job.run(now)));
    for (const once of runs) {
      try {
        total = add(total, await once());
      } catch (err) {
        console.error(`[scheduler] ${job.name} failed`, err);
        failed = true;
      }
    }
    report[job.name] = failed ? 'failed' : (total ?? 0);
  }
  return report;
}

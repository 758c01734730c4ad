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

/**
 * Townships whose jobs run at the same time: each job waits on the database, not the CPU, so a county of
 * twenty townships fits the function's timeout; a bound keeps the database's concurrent requests few.
 */
export const TOWNSHIPS_AT_ONCE = 4;

/**
 * Runs every job once: each township's jobs in order inside that township (TOWNSHIPS_AT_ONCE townships
 * at a time), then the county's jobs in order (the outbox last of all, so what the townships queued goes
 * out in the same run). Answers what each job did, added up over the townships, or 'failed'.
 */
export async function runJobs(jobs: readonly Job[], now: Date): Promise<JobReport> {
  const townshipIds = await acrossTownships(listTownshipIds);
  const totals = new Map<string, Counts>();
  const failed = new Set<string>();
  const runOne = async (job: Job) => {
    try {
      const counts = await job.run(now);
      totals.set(job.name, add(totals.get(job.name), counts));
    } catch (err) {
      console.error(`[scheduler] ${job.name} failed`, err);
      failed.add(job.name);
    }
  };
  const townshipJobs = jobs.filter((j) => !j.county);
  const queue = [...townshipIds];
  const worker = async () => {
    for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
      const township = t;
      await withTownship(township, async () => {
        for (const job of townshipJobs) await runOne(job);
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(TOWNSHIPS_AT_ONCE, queue.length) }, worker));
  await acrossTownships(async () => {
    for (const job of jobs.filter((j) => j.county)) await runOne(job);
  });
  const report: JobReport = {};
  for (const job of jobs) report[job.name] = failed.has(job.name) ? 'failed' : (totals.get(job.name) ?? 0);
  return report;
}

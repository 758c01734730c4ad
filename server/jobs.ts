/**
 * The scheduler's run of its due jobs (cloudfunctions/scheduler lists them, in order). Each job is
 * idempotent; one failing job never stops the others, and the next hourly run tries it again.
 */

export interface Job {
  name: string;
  /** Answers what it did: a count of records touched, or a small report. */
  run(now: Date): Promise<number | Record<string, number>>;
}

export type JobReport = Record<string, number | string | Record<string, number>>;

/** Runs every job once, in order; answers what each did, or 'failed' (the error is logged). */
export async function runJobs(jobs: readonly Job[], now: Date): Promise<JobReport> {
  const report: JobReport = {};
  for (const job of jobs) {
    try {
      report[job.name] = await job.run(now);
    } catch (err) {
      console.error(`[scheduler] ${job.name} failed`, err);
      report[job.name] = 'failed';
    }
  }
  return report;
}

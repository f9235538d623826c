import { JOB_TYPES } from "../../app/infra/jobs/job-kinds";
import type { JobLogger, JobQueue } from "../../app/infra/jobs/job-queue";

/** Tests assert on outcomes, not log lines. */
export const silentJobLogger: JobLogger = { info() {}, error() {} };

/** Jobs of every kind still waiting to run. */
export async function waitingJobCount(queue: JobQueue): Promise<number> {
  let count = 0;
  for (const type of Object.values(JOB_TYPES)) count += (await queue.waiting(type)).length;
  return count;
}

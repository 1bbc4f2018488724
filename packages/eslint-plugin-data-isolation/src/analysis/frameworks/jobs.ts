import type { Framework } from './types';

/** BullMQ: `new Worker(queue, async (job) => …)` runs the processor for each job, with no signed-in user. */
export const bullmq: Framework = {
  name: 'BullMQ',
  packages: ['bullmq'],
  system: { handlers: [{ callee: 'Worker', what: 'a BullMQ job processor (`new Worker()`)' }] },
};

/** node-cron: `cron.schedule(expression, task)`. */
export const nodeCron: Framework = {
  name: 'node-cron',
  packages: ['node-cron'],
  system: { handlers: [{ callee: 'schedule', what: 'a scheduled task (node-cron `schedule()`)' }] },
};

import { Message } from '../models';

/** Messages are kept for two years (the retention policy), then deleted. */
const RETENTION_MS = 2 * 365 * 24 * 60 * 60 * 1000;

/**
 * Run weekly by the scheduler; no user is signed in. Deletes every user's messages older than the
 * retention period. Declared system code in eslint.config.mjs (`contexts.system`: every data layer's
 * `cron` folder).
 */
export async function purgeOldMessages(now = new Date()) {
  const { deletedCount } = await Message.deleteMany({ sentAt: { $lt: new Date(now.getTime() - RETENTION_MS) } });
  return deletedCount;
}

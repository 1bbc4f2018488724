import type { Req } from '../../session';
import Reminders from '../reminder';

/**
 * GET /reminders/unsubscribe/:token: the link at the foot of each reminder e-mail. Whoever holds the
 * unguessable token may mute that reminder (no sign-in, as mail clients expect), by design; declared
 * public in eslint.config.mjs (`contexts.public`: every data layer's `public` folder).
 */
export async function unsubscribe(req: Req) {
  return Reminders.findOneAndUpdate({ unsubscribeToken: req.params.token }, { $set: { muted: true } }, { returnDocument: 'after', projection: { text: 1 } });
}

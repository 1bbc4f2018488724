import type { Req } from '../../session';
import { dataSource } from '../data-source';
import { Recording } from '../entities';

/**
 * GET /share/:token: the link a patient sent to a second-opinion doctor. Whoever holds the unguessable
 * token may watch that recording, by design; declared public in eslint.config.mjs (`contexts.public`:
 * every data layer's `public` folder).
 */
export async function sharedRecording(req: Req) {
  return dataSource.getRepository(Recording).findOne({ where: { shareToken: req.params.token, status: 'ready' }, select: { storageKey: true } });
}

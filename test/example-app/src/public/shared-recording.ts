import { prisma } from '../db';

/**
 * GET /share/:storageKey: a capability link the patient sent to a second-opinion doctor. Whoever holds
 * the unguessable key may watch the recording, by design; declared public in eslint.config.mjs
 * (`contexts.public`), so the access report lists it as "public".
 */
export function sharedRecording(storageKey: string) {
  return prisma.recording.findUnique({ where: { storageKey }, select: { storageKey: true, durationSeconds: true } });
}

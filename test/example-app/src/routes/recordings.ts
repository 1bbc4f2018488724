import { NotFoundError, type Session } from '../auth/session';
import { prisma } from '../db';
import { videoApi } from '../lib/http';

/** Signed playback URLs, per user and recording, until they expire. */
const cache = new Map<string, { url: string; expiresAt: number }>();

/** GET /consultations/:consultationId/recordings */
export async function listRecordings(session: Session, consultationId: string) {
  // Deliberate bug (reported): nothing ties the consultation to the signed-in patient, so anyone
  // who learns a consultation id can list, and then play, its recordings.
  return prisma.recording.findMany({
    where: { consultationId },
    orderBy: { createdAt: 'desc' },
  });
}

/** GET /recordings/:id/playback */
export async function playbackUrl(session: Session, id: string): Promise<string> {
  const key = `${session.user.id}:${id}`;
  const cached = cache.get(key);
  if (cached && cached.expiresAt > Date.now()) return cached.url;

  const recording = await prisma.recording.findFirst({
    where: { id, consultation: { patientId: session.user.id } },
  });
  if (!recording) throw new NotFoundError();

  const { url } = await videoApi.post<{ url: string }>(`/videos/${recording.storageKey}/playback`, { ttlSeconds: 300 });
  cache.set(key, { url, expiresAt: Date.now() + 290_000 });
  return url;
}

/** DELETE /recordings/:id */
export async function deleteRecording(session: Session, id: string): Promise<void> {
  const recording = await prisma.recording.delete({
    where: { id, consultation: { is: { patientId: session.user.id } } },
  });
  // Look-alikes: an HTTP DELETE and a Map, not queries.
  await videoApi.delete(`/videos/${recording.storageKey}`);
  cache.delete(`${session.user.id}:${id}`);
}

/** DELETE /consultations/:consultationId/recordings */
export async function clearRecordings(session: Session, consultationId: string): Promise<number> {
  // Safe (not reported): the consultation is read scoped to the patient first and the function leaves
  // when it is not theirs, which proves its id for the delete that follows.
  const consultation = await prisma.consultation.findFirst({
    where: { id: consultationId, patientId: session.user.id },
  });
  if (!consultation) throw new NotFoundError();
  const { count } = await prisma.recording.deleteMany({ where: { consultationId: consultation.id } });
  return count;
}

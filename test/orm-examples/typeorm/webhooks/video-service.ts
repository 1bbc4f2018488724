import { Webhook } from 'svix';
import { dataSource } from '../data-source';
import { Recording } from '../entities';

/** What the video service sends (through Svix) once a consultation's recording is transcoded. */
interface RecordingReady {
  type: 'recording.ready';
  data: { recordingId: string; storageKey: string };
}

const webhook = new Webhook(process.env.VIDEO_WEBHOOK_SECRET ?? 'whsec_placeholder');

/**
 * POST /webhooks/video: `verify` throws unless the video service signed the request (its `svix-id`,
 * `svix-timestamp` and `svix-signature` headers), so the update by the recording id in the event is
 * system code (recognised by type; no settings entry).
 */
export async function videoWebhook(payload: string, headers: Record<string, string>) {
  webhook.verify(payload, headers);
  const event = JSON.parse(payload) as RecordingReady;
  if (event.type !== 'recording.ready') return;
  await dataSource.getRepository(Recording).update({ id: event.data.recordingId }, { storageKey: event.data.storageKey, status: 'ready' });
}

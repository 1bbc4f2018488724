import { sql } from 'kysely';
import { Webhook } from 'svix';
import { db } from '../../kysely/db';

/** What the laboratory sends (through Svix) when it corrects a result it had already reported. */
interface ResultAmended {
  type: 'result.amended';
  data: { resultId: string; value: string };
}

const webhook = new Webhook(process.env.LAB_WEBHOOK_SECRET ?? 'whsec_placeholder');

/**
 * POST /webhooks/lab: `verify` throws unless the laboratory signed the request, so the update by the
 * result id in the event is system code (recognised by type; no settings entry).
 */
export async function labWebhook(payload: string, headers: Record<string, string>) {
  webhook.verify(payload, headers);
  const event = JSON.parse(payload) as ResultAmended;
  if (event.type !== 'result.amended') return;
  await sql`UPDATE lab_results SET value = ${event.data.value}, amended_at = now() WHERE id = ${event.data.resultId}`.execute(db);
}

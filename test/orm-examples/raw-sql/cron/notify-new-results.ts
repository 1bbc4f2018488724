import { Pool } from 'pg';

const pool = new Pool();

/**
 * Run every five minutes by the scheduler; no user is signed in. Claims every patient's lab results
 * not yet notified, for the e-mails that tell them a result is in. Declared system code in
 * eslint.config.mjs (`contexts.system`: every data layer's `cron` folder).
 */
export async function claimResultsToNotify() {
  const { rows } = await pool.query<{ id: string; patient_id: string }>(
    'UPDATE lab_results SET notified_at = now() WHERE notified_at IS NULL RETURNING id, patient_id',
  );
  return rows;
}

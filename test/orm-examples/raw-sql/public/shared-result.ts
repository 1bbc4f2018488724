import { Pool } from 'pg';
import type { Req } from '../../session';

const pool = new Pool();

/**
 * GET /results/shared/:token: a link a patient made to show one result to a doctor outside the
 * clinic. Whoever holds the unguessable token sees that result, by design; declared public in
 * eslint.config.mjs (`contexts.public`: every data layer's `public` folder).
 */
export async function sharedResult(req: Req) {
  const { rows } = await pool.query('SELECT test_name, value, unit FROM lab_results WHERE share_token = $1', [req.params.token]);
  return rows[0];
}

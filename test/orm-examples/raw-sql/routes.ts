import { sql } from 'kysely';
import { Pool } from 'pg';
import type { Req, Session } from '../session';
import { db } from '../kysely/db';

const pool = new Pool();

export async function myResults(session: Session) {
  return pool.query('SELECT * FROM lab_results WHERE patient_id = $1', [session.user.id]);
}

export async function result(req: Req) {
  // BUG: the patient id comes from the request (IDOR)
  return pool.query('SELECT * FROM lab_results WHERE id = $1 AND patient_id = $2', [req.params.id, req.query.patientId]);
}

export async function recent(session: Session) {
  // BUG: the OR branch is not scoped to the patient
  return sql`SELECT * FROM lab_results WHERE patient_id = ${session.user.id} OR created_at > now() - interval '1 day'`.execute(db);
}

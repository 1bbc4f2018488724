import { Kysely, PostgresDialect, type Generated } from 'kysely';
import { Pool } from 'pg';

export interface Database {
  /** @tenant clinicId */
  invoice: { id: Generated<string>; clinicId: string; amount: number };
}

export const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new Pool() }) });

import { Kysely, PostgresDialect, type Generated } from 'kysely';
import { Pool } from 'pg';

export interface Database {
  /** @tenant clinicId */
  invoice: {
    id: Generated<string>;
    clinicId: string;
    amount: number;
    status: Generated<'open' | 'paid' | 'overdue'>;
    dueAt: Date;
    /** The unguessable token in the invoice's payment link. */
    paymentToken: string;
  };
}

export const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new Pool() }) });

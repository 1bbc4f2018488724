import { ForbiddenError, type Session } from '../auth/session';
import type { Db } from '../db';
import type { InvoiceStatus } from '../generated/prisma/client';

/** What every procedure receives, as in tRPC: the database and (maybe) the signed-in user. */
export interface Context {
  db: Db;
  session: Session | null;
}

interface AuthedContext extends Context {
  session: Session;
}

type Resolver<C, I, O> = (opts: { ctx: C; input: I }) => Promise<O>;

const publicProcedure = <I, O>(resolve: Resolver<Context, I, O>): Resolver<Context, I, O> => resolve;

const protectedProcedure =
  <I, O>(resolve: Resolver<AuthedContext, I, O>): Resolver<Context, I, O> =>
  async ({ ctx, input }) => {
    if (!ctx.session) throw new ForbiddenError();
    return resolve({ ctx: { ...ctx, session: ctx.session }, input });
  };

export const appRouter = {
  consultation: {
    // Deliberate bug (reported): a public procedure. Signed out, `patientId` is undefined, Prisma
    // drops the filter, and every patient's upcoming consultations are returned.
    upcoming: publicProcedure(async ({ ctx }: { ctx: Context; input: void }) =>
      ctx.db.consultation.findMany({
        where: { patientId: ctx.session?.user.id, startsAt: { gte: new Date() } },
      }),
    ),
    byId: protectedProcedure(async ({ ctx, input }: { ctx: AuthedContext; input: { id: string } }) =>
      ctx.db.consultation.findFirst({
        where: { id: input.id, OR: [{ patientId: ctx.session.user.id }, { clinicianId: ctx.session.user.id }] },
      }),
    ),
  },
  invoice: {
    list: protectedProcedure(async ({ ctx, input }: { ctx: AuthedContext; input: { status?: InvoiceStatus } }) =>
      ctx.db.invoice.findMany({ where: { clinicId: ctx.session.user.clinicId, status: input.status } }),
    ),
    // Deliberate bug (reported): the overdue report forgets the clinic and lists every clinic's invoices.
    overdue: protectedProcedure(async ({ ctx }: { ctx: AuthedContext; input: void }) =>
      ctx.db.invoice.findMany({ where: { status: 'OVERDUE', dueAt: { lt: new Date() } } }),
    ),
    markPaid: protectedProcedure(async ({ ctx, input }: { ctx: AuthedContext; input: { id: string } }) =>
      ctx.db.invoice.update({
        where: { id: input.id, clinicId: ctx.session.user.clinicId },
        data: { status: 'PAID' },
      }),
    ),
  },
  medication: {
    search: publicProcedure(async ({ ctx, input }: { ctx: Context; input: { q: string } }) =>
      ctx.db.medication.findMany({ where: { name: { contains: input.q, mode: 'insensitive' } }, take: 20 }),
    ),
  },
};

export type AppRouter = typeof appRouter;

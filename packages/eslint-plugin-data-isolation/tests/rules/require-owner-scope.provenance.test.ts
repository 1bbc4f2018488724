// Where owner values come from: the signed-in user (trusted), the request (IDOR), or unknown.
// Every source is tested against the framework's real published types.
import rule from '../../src/rules/require-owner-scope';
import { at, typedRuleTester } from '../RuleTester';
import { filterFromRequest } from './orm-helpers';

const ruleTester = typedRuleTester();
const strict = [{ reportUnverifiable: true }] as const;

const prisma = `import { PrismaClient } from '@prisma/client';
declare const prisma: PrismaClient;
`;

/** Code that must pass even under `strict`: the owner value is proven to be the signed-in user's. */
const trusted = (code: string, extra: Partial<{ filename: string }> = {}) => ({ code: prisma + code, options: strict, ...extra });

const request = (code: string, needle: string, field: string, source: string, nth = 1) => {
  const full = prisma + code;
  return {
    code: full,
    errors: [{ messageId: 'ownerFromRequest' as const, ...at(full, needle, nth), data: { field, source, operation: 'findMany', model: 'Consultation', verb: 'return' }, suggestions: [] }],
  };
};

const EXPRESS_USER = `declare global { namespace Express { interface User { id: string; clinicId: string } } }
`;

ruleTester.run('require-owner-scope (owner provenance)', rule, {
  valid: [
    // Auth.js / NextAuth v5: `auth()` made by NextAuth(...)
    trusted(`import NextAuth from 'next-auth';
const { auth } = NextAuth({ providers: [] });
export async function list() {
  const session = await auth();
  if (!session?.user?.id) throw new Error('sign in');
  return prisma.consultation.findMany({ where: { patientId: session.user.id } });
}`),
    // a tRPC context destructured in the resolver's parameter
    trusted(`import { initTRPC } from '@trpc/server';
const t = initTRPC.context<{ session: { user: { id: string } } }>().create();
export const r = t.procedure.query(({ ctx: { session } }) => prisma.consultation.findMany({ where: { patientId: session.user.id } }));`),
    // a procedure handler declared apart from its router, given the signed-in user in its context
    trusted(`export const listHandler = async ({ input, context: { user } }: { input: { status: string }; context: { user: { id: string } } }) =>
  prisma.consultation.findMany({ where: { patientId: user.id } });`),
    trusted(`export async function listHandler({ ctx, input }: { input: { status: string }; ctx: { session: { user: { id: string } } } }) {
  return prisma.consultation.findMany({ where: { patientId: ctx.session.user.id } });
}`),
    // NextAuth v4: getServerSession() (installed here as `next-auth-v4`, an npm alias of next-auth@4)
    trusted(`import { getServerSession } from 'next-auth-v4/next';
export async function list() {
  const session = await getServerSession({ providers: [] });
  const email = session?.user?.email;
  if (!email) throw new Error('sign in');
  return prisma.consultation.findMany({ where: { patientId: email } });
}`),
    // Lucia v3: lucia.validateSession()
    trusted(`import { Lucia } from 'lucia';
declare const lucia: Lucia;
export async function list(sessionId: string) {
  const { user } = await lucia.validateSession(sessionId);
  if (!user) throw new Error('sign in');
  return prisma.consultation.findMany({ where: { patientId: user.id } });
}`),
    // Clerk: auth() and currentUser()
    trusted(`import { auth, currentUser } from '@clerk/nextjs/server';
export async function list() {
  const { userId } = await auth();
  if (!userId) throw new Error('sign in');
  return prisma.consultation.findMany({ where: { patientId: userId } });
}
export async function mine() {
  const user = await currentUser();
  if (!user) throw new Error('sign in');
  return prisma.consultation.findMany({ where: { clinicianId: user.id } });
}`),
    // Passport on Express: req.user
    trusted(`import type { Request } from 'express';
import 'passport';
${EXPRESS_USER}
export function list(req: Request) {
  if (!req.user) throw new Error('sign in');
  return prisma.consultation.findMany({ where: { patientId: req.user.id } });
}`),
    // express-session: req.session.userId
    trusted(`import type { Request } from 'express';
import 'express-session';
declare module 'express-session' { interface SessionData { userId: string } }
export function list(req: Request) {
  const userId = req.session.userId;
  if (!userId) throw new Error('sign in');
  return prisma.consultation.findMany({ where: { patientId: userId } });
}`),
    // NestJS: a user decorator made with createParamDecorator
    trusted(`import { Controller, Get, createParamDecorator, type ExecutionContext } from '@nestjs/common';
const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest().user);
@Controller('consultations')
export class ConsultationsController {
  @Get()
  list(@CurrentUser() user: { id: string }) {
    return prisma.consultation.findMany({ where: { patientId: user.id } });
  }
}`),
    // tRPC: ctx.session.user, ctx.user, and the opts form; the principal's tenant for @tenant
    trusted(`import { initTRPC } from '@trpc/server';
type Ctx = { db: PrismaClient; session: { user: { id: string; clinicId: string } }; user: { id: string } };
const t = initTRPC.context<Ctx>().create();
export const a = t.procedure.query(({ ctx }) => ctx.db.consultation.findMany({ where: { patientId: ctx.session.user.id } }));
export const b = t.procedure.query(({ ctx }) => ctx.db.consultation.findMany({ where: { clinicianId: ctx.user.id } }));
export const c = t.procedure.query((opts) => opts.ctx.db.invoice.findMany({ where: { clinicId: opts.ctx.session.user.clinicId } }));`),
    // tRPC: any field of the session (better-auth's organization plugin keeps the active tenant there)
    trusted(`import { initTRPC } from '@trpc/server';
type Ctx = { db: PrismaClient; session: { userId: string; activeOrganizationId: string } };
const t = initTRPC.context<Ctx>().create();
export const a = t.procedure.query(({ ctx }) => ctx.db.invoice.findMany({ where: { clinicId: ctx.session.activeOrganizationId } }));`),
    // Supabase: supabase.auth.getUser()
    trusted(`import { createClient } from '@supabase/supabase-js';
const supabase = createClient('http://localhost', 'key');
export async function list() {
  const { data: { user } } = await supabase.auth.getUser();
  if (!user) throw new Error('sign in');
  return prisma.consultation.findMany({ where: { patientId: user.id } });
}`),
    // iron-session
    trusted(`import { getIronSession } from 'iron-session';
import type { IncomingMessage, ServerResponse } from 'node:http';
export async function list(req: IncomingMessage, res: ServerResponse) {
  const session = await getIronSession<{ userId?: string }>(req, res, { password: 'p'.repeat(32), cookieName: 's' });
  if (!session.userId) throw new Error('sign in');
  return prisma.consultation.findMany({ where: { patientId: session.userId } });
}`),
    // a GraphQL resolver's context.user
    trusted(`import type { GraphQLResolveInfo } from 'graphql';
export const resolvers = {
  Query: {
    consultations: (_: unknown, _args: unknown, ctx: { user: { id: string } }, _info: GraphQLResolveInfo) =>
      prisma.consultation.findMany({ where: { patientId: ctx.user.id } }),
  },
};`),
    // followed through consts, destructuring and local helpers
    trusted(`import { auth } from '@clerk/nextjs/server';
async function currentUserId() { const { userId } = await auth(); if (!userId) throw new Error('sign in'); return userId; }
export async function list() {
  const me = await currentUserId();
  const filter = { patientId: me };
  return prisma.consultation.findMany({ where: { ...filter } });
}`),
    // principals declared in settings: by type name, expression path and function
    {
      ...trusted(`interface SessionUser { id: string }
declare const viewer: SessionUser;
declare const res: { locals: { account: { id: string } } };
declare function requireUser(): { id: string };
prisma.consultation.findMany({ where: { patientId: viewer.id } });
prisma.consultation.findMany({ where: { patientId: res.locals.account.id } });
prisma.consultation.findMany({ where: { patientId: requireUser().id } });`),
      settings: { 'data-isolation': { principal: { types: ['SessionUser'], expressions: ['res.locals.account'], functions: ['requireUser'] } } },
    },
    // a principal type among others, narrowed to at the query (its declared union is not enough)
    {
      ...trusted(`interface SessionUser { id: string }
interface Guest { guest: true }
declare const viewer: SessionUser | Guest;
if ('id' in viewer) prisma.consultation.findMany({ where: { patientId: viewer.id } });`),
      settings: { 'data-isolation': { principal: { types: ['SessionUser'] } } },
    },
    // values of unknown origin are accepted by recommended
    { code: prisma + 'export function list(patientId: string) { return prisma.consultation.findMany({ where: { patientId } }); }' },
    // ownership checked after the fetch: !==, both orders, any-of owners, notFound(), ===, an assertion helper
    ...[
      `if (!c || c.patientId !== session.user.id) throw new Error('forbidden');\n  return c;`,
      `if (c === null || session.user.id !== c.patientId) return null;\n  return c;`,
      `if (!c || (c.patientId !== session.user.id && c.clinicianId !== session.user.id)) throw new Error('forbidden');\n  return c;`,
      `if (c?.patientId !== session.user.id) notFound();\n  return c;`,
      `if (c && c.patientId === session.user.id) { return c; }\n  throw new Error('forbidden');`,
      `if (c?.clinicianId === session.user.id) return c;\n  else throw new Error('forbidden');`,
      // not the owner and not privileged: an admin may see anyone's rows (the app's decision)
      `if (!c || (c.patientId !== session.user.id && !hasPermission(session.user, 'MANAGE_CONSULTATIONS'))) throw new Error('forbidden');\n  return c;`,
      `if (c && (c.patientId === session.user.id || isAdmin(session.user))) return c;\n  throw new Error('forbidden');`,
      // one mismatch among the disjuncts is enough: past the exit, it is false too
      `if (!c || c.patientId !== session.user.id || c.startsAt < new Date()) throw new Error('forbidden');\n  return c;`,
      `if (!c || ((c.patientId !== session.user.id || (c.startsAt < new Date() && !hasPermission(session.user, 'EDIT_PAST'))) && !isAdmin(session.user))) throw new Error('forbidden');\n  return c;`,
    ].map((guard) => ({
      code: `${prisma}import { notFound } from 'next/navigation';
import NextAuth from 'next-auth';
const { auth } = NextAuth({ providers: [] });
declare function hasPermission(user: { id?: string | null }, permission: string): boolean;
declare function isAdmin(user: { id?: string | null }): boolean;
export async function show(id: string) {
  const session = await auth();
  if (!session?.user?.id) throw new Error('sign in');
  const c = await prisma.consultation.findUnique({ where: { id } });
  ${guard}
}`,
      options: strict,
    })),
    {
      code: `${prisma}declare const session: { user: { id: string } };
declare function assertOwns(row: unknown, user: unknown): void;
export async function show(id: string) {
  const c = await prisma.consultation.findUnique({ where: { id } });
  assertOwns(c, session.user);
  return c;
}`,
      settings: { 'data-isolation': { ownershipAssertions: ['assertOwns'] } },
    },
    // the client's filter, narrowed to the signed-in user's rows by the server
    {
      code: `${prisma}declare const ConsultationType: unknown;
declare const session: { user: { id: string } };
export const queries = { consultation: { type: ConsultationType, args: { id: { type: 'ID' } },
  resolve(_: unknown, args: { id: string }) { return prisma.consultation.findFirst({ where: { ...args, patientId: session.user.id } }); } } };`,
    },
    // a where built from request values, with the owner from the session written after them (filterFromRequest)
    {
      code: `${prisma}import { initTRPC } from '@trpc/server';
import type { Prisma } from '@prisma/client';
const t = initTRPC.context<{ session: { user: { id: string } } }>().create();
export const r = t.procedure.input((v) => v as { where: Prisma.ConsultationWhereInput }).query(({ ctx, input }) =>
  prisma.consultation.findMany({ where: { ...input.where, patientId: ctx.session.user.id } }));`,
    },
    // a where of unknown origin (a helper's parameter) stays unverifiable (checked at its callers)
    { code: `${prisma}import type { Prisma } from '@prisma/client';
export function list(where: Prisma.ConsultationWhereInput) { return prisma.consultation.findMany({ where }); }` },
    // a guard against a user value that may be undefined: no user never matches a real owner
    {
      code: `${prisma}declare const req: { user?: { id: string } };
export async function show(id: string) {
  const c = await prisma.consultation.findUnique({ where: { id } });
  if (!c || c.patientId !== req.user?.id) throw new Error('forbidden');
  return c;
}`,
      options: strict,
      settings: { 'data-isolation': { principal: { expressions: ['req.user'] } } },
    },
    // a write by id after a guarded read of the same row
    {
      code: `${prisma}declare const session: { user: { id: string } };
export async function remove(id: string) {
  const c = await prisma.consultation.findUnique({ where: { id } });
  if (!c || c.patientId !== session.user.id) throw new Error('forbidden');
  await prisma.consultation.delete({ where: { id } });
  await prisma.consultation.update({ where: { id: c.id }, data: { startsAt: new Date() } });
}`,
    },
    // creating a row owned by the signed-in user
    trusted(`import { auth } from '@clerk/nextjs/server';
export async function create() {
  const { userId } = await auth();
  if (!userId) throw new Error('sign in');
  return prisma.consultation.create({ data: { id: 'c', patientId: userId, clinicianId: 'd', startsAt: new Date() } });
}`),
  ],
  invalid: [
    // Express: req.params / req.query / req.body, directly and through locals and spreads
    request(`import type { Request } from 'express';
export function list(req: Request) { return prisma.consultation.findMany({ where: { patientId: req.params.patientId } }); }`, 'req.params.patientId', 'patientId', '`req.params`'),
    request(`import type { Request } from 'express';
export function list(req: Request) { return prisma.consultation.findMany({ where: { patientId: req.query.patientId as string } }); }`, 'req.query.patientId as string', 'patientId', '`req.query`'),
    request(`import type { Request } from 'express';
export function list(req: Request) {
  const { patientId } = req.body;
  return prisma.consultation.findMany({ where: { patientId } });
}`, 'patientId', 'patientId', '`req.body`', 2),
    request(`import type { Request } from 'express';
export function list(req: Request) {
  const mine = { clinicianId: req.params.clinicianId };
  return prisma.consultation.findMany({ where: { ...mine } });
}`, 'req.params.clinicianId', 'clinicianId', '`req.params`'),
    // Fastify and Koa
    request(`import type { FastifyRequest } from 'fastify';
export function list(request: FastifyRequest<{ Params: { patientId: string } }>) {
  return prisma.consultation.findMany({ where: { patientId: request.params.patientId } });
}`, 'request.params.patientId', 'patientId', '`request.params`'),
    request(`import type { Context } from 'koa';
export function list(ctx: Context) { return prisma.consultation.findMany({ where: { patientId: ctx.query.patientId as string } }); }`, 'ctx.query.patientId as string', 'patientId', '`ctx.query`'),
    // Next.js: route params, searchParams and the request body
    { ...request(`import type { NextRequest } from 'next/server';
export async function GET(req: NextRequest, { params }: { params: Promise<{ patientId: string }> }) {
  const { patientId } = await params;
  return prisma.consultation.findMany({ where: { patientId } });
}`, 'patientId', 'patientId', 'Next.js `params`', 3), filename: 'app/recordings/route.ts' },
    request(`import type { NextRequest } from 'next/server';
export async function POST(request: NextRequest) {
  const body = await request.json();
  return prisma.consultation.findMany({ where: { patientId: body.patientId } });
}`, 'body.patientId', 'patientId', 'the request body (`json()`)'),
    request(`import type { NextRequest } from 'next/server';
export async function GET(request: NextRequest) {
  return prisma.consultation.findMany({ where: { patientId: request.nextUrl.searchParams.get('patientId') ?? '' } });
}`, "request.nextUrl.searchParams.get('patientId') ?? ''", 'patientId', '`request.nextUrl.searchParams.get()`'),
    { ...request(`export default async function Page({ searchParams }: { searchParams: Promise<{ patient: string }> }) {
  const { patient } = await searchParams;
  return prisma.consultation.findMany({ where: { patientId: patient } });
}`, 'patient', 'patientId', 'Next.js `searchParams`', 4), filename: 'app/consultations/page.ts' },
    // a procedure handler declared apart from its router: its destructured `input` is request input
    (() => {
      const code = `${prisma}export const listHandler = async ({ input, ctx }: { input: { patientId: string }; ctx: { user: { id: string } } }) =>
  prisma.consultation.findMany({ where: { patientId: input.patientId } });`;
      return {
        code,
        errors: [{
          messageId: 'ownerFromRequest' as const,
          ...at(code, 'input.patientId'),
          data: { field: 'patientId', source: 'the procedure\'s `input`', operation: 'findMany', model: 'Consultation', verb: 'return' },
          suggestions: [{ messageId: 'useSignedInUser' as const, data: { value: 'ctx.user.id' }, output: code.replace('input.patientId', 'ctx.user.id') }],
        }],
      };
    })(),
    // tRPC input, GraphQL args, NestJS @Param()
    request(`import { initTRPC } from '@trpc/server';
const t = initTRPC.context<{ db: PrismaClient }>().create();
export const r = t.procedure.input((v) => v as { patientId: string }).query(({ ctx, input }) =>
  ctx.db.consultation.findMany({ where: { patientId: input.patientId } }));`, 'input.patientId', 'patientId', 'tRPC `input`'),
    request(`import type { GraphQLResolveInfo } from 'graphql';
export const resolvers = { Query: { c: (_: unknown, args: { patientId: string }, _ctx: unknown, _info: GraphQLResolveInfo) =>
  prisma.consultation.findMany({ where: { patientId: args.patientId } }) } };`, 'args.patientId', 'patientId', 'GraphQL resolver `args`'),
    // a GraphQL field config (graphql-js, nexus) declared apart from its schema: `resolve`'s `args` are request input
    request(`declare const ConsultationType: unknown;
export const queries = { consultations: { type: ConsultationType, args: { patientId: { type: 'ID' } },
  resolve(_: unknown, args: { patientId: string }) { return prisma.consultation.findMany({ where: { patientId: args.patientId } }); } } };`, 'args.patientId', 'patientId', 'GraphQL resolver `args`'),
    request(`import { Controller, Get, Param } from '@nestjs/common';
@Controller('c')
export class C { @Get(':p') list(@Param('p') patientId: string) { return prisma.consultation.findMany({ where: { patientId } }); } }`, 'patientId', 'patientId', 'NestJS `@Param()`', 2),
    // untrusted sources from settings
    {
      ...request(`declare const event: { pathParameters: { patientId: string } };
prisma.consultation.findMany({ where: { patientId: event.pathParameters.patientId } });`, 'event.pathParameters.patientId', 'patientId', '`event.pathParameters`'),
      settings: { 'data-isolation': { untrusted: { expressions: ['event.pathParameters'] } } },
    },
    // the suggestion swaps the request value for the signed-in user
    (() => {
      const code = `${prisma}import type { Request } from 'express';
import 'passport';
${EXPRESS_USER}
export function list(req: Request, user: { id: string }) {
  return prisma.consultation.findMany({ where: { patientId: req.params.patientId } });
}`;
      return { code, errors: [{ messageId: 'ownerFromRequest' as const, ...at(code, 'req.params.patientId'), suggestions: [
        { messageId: 'useSignedInUser' as const, data: { value: 'user.id' }, output: code.replace('patientId: req.params.patientId', 'patientId: user.id') },
      ] }] };
    })(),
    // the tenant must be the principal's, not the request's
    (() => {
      const code = `${prisma}import { initTRPC } from '@trpc/server';
const t = initTRPC.context<{ db: PrismaClient }>().create();
export const r = t.procedure.input((v) => v as { clinicId: string }).query(({ ctx, input }) => ctx.db.invoice.findMany({ where: { clinicId: input.clinicId } }));`;
      return { code, errors: [{ messageId: 'ownerFromRequest' as const, ...at(code, 'input.clinicId'), data: { field: 'clinicId', source: 'tRPC `input`', operation: 'findMany', model: 'Invoice', verb: 'return' }, suggestions: [] }] };
    })(),
    // strict: unknown origins reported, saying why
    (() => {
      const code = prisma + 'export function list(patientId: string) { return prisma.consultation.findMany({ where: { patientId } }); }';
      return { code, options: strict, errors: [{ messageId: 'unverifiedOwnerValue' as const, ...at(code, 'patientId', 2), data: { field: 'patientId', reason: '`patientId` is a function parameter', operation: 'findMany', model: 'Consultation' } }] };
    })(),
    (() => {
      const code = `${prisma}export async function list(id: string) {
  const other = await prisma.consultation.findFirstOrThrow({ where: { id, patientId: 'x' } });
  return prisma.recording.findMany({ where: { consultation: { patientId: other.patientId } } });
}`;
      return { code, options: strict, errors: [
        { messageId: 'unverifiedOwnerValue' as const, ...at(code, "'x'"), data: { field: 'patientId', reason: 'it is a constant', operation: 'findFirstOrThrow', model: 'Consultation' } },
        { messageId: 'unverifiedOwnerValue' as const, ...at(code, 'other.patientId'), data: { field: 'consultation.patientId', reason: 'it is loaded from the database', operation: 'findMany', model: 'Recording' } },
      ] };
    })(),
    // a guard that compares with request input, or comes after the row was used, does not count
    (() => {
      const code = `${prisma}import type { Request } from 'express';
export async function show(req: Request, { id }: { id: string }) {
  const c = await prisma.consultation.findUnique({ where: { id } });
  if (!c || c.patientId !== req.params.patientId) throw new Error('forbidden');
  return c;
}`;
      return { code, errors: [{ messageId: 'missingOwnerScope' as const, ...at(code, 'findUnique'), suggestions: [] }] };
    })(),
    // A conjunct that is no privilege of the user's (being verified) lets other users' rows through.
    ...['!isVerified(session.user)', '!hasPermission(other, "MANAGE")'].map((other) => {
      const code = `${prisma}declare const session: { user: { id: string } };
declare const other: { id: string };
declare function isVerified(user: { id: string }): boolean;
declare function hasPermission(user: { id: string }, permission: string): boolean;
export async function show({ id }: { id: string }) {
  const c = await prisma.consultation.findUnique({ where: { id } });
  if (!c || (c.patientId !== session.user.id && ${other})) throw new Error('forbidden');
  return c;
}`;
      return { code, errors: [{ messageId: 'missingOwnerScope' as const, ...at(code, 'findUnique'), suggestions: [
        { messageId: 'addOwnerFilter' as const, data: { filter: 'patientId: session.user.id' }, output: code.replace('{ id } }', '{ id, patientId: session.user.id } }') },
        { messageId: 'addOwnerFilter' as const, data: { filter: 'clinicianId: session.user.id' }, output: code.replace('{ id } }', '{ id, clinicianId: session.user.id } }') },
      ] }] };
    }),
    (() => {
      const code = `${prisma}declare const session: { user: { id: string } };
export async function show({ id }: { id: string }) {
  const c = await prisma.consultation.findUnique({ where: { id } });
  console.log(c?.startsAt);
  if (!c || c.patientId !== session.user.id) throw new Error('forbidden');
  return c;
}`;
      return { code, errors: [{ messageId: 'missingOwnerScope' as const, ...at(code, 'findUnique'), suggestions: [
        { messageId: 'addOwnerFilter' as const, data: { filter: 'patientId: session.user.id' }, output: code.replace('{ id } }', '{ id, patientId: session.user.id } }') },
        { messageId: 'addOwnerFilter' as const, data: { filter: 'clinicianId: session.user.id' }, output: code.replace('{ id } }', '{ id, clinicianId: session.user.id } }') },
      ] }] };
    })(),
    // filterFromRequest: the where IS request input (tRPC `input`, Express `req.body`), or the args as a whole
    ...([
      ['prisma.consultation.findMany({ where: input.where })', 'input.where', 'findMany'],
      ['prisma.consultation.findFirst(input)', 'input', 'findFirst'],
      // the owner written BEFORE the spread: the request's patientId overrides it
      ['prisma.consultation.findMany({ where: { patientId: ctx.session.user.id, ...input.where } })', 'input.where', 'findMany'],
    ] as const).map(([query, needle, operation]) => {
      const code = `${prisma}import { initTRPC } from '@trpc/server';
import type { Prisma } from '@prisma/client';
const t = initTRPC.context<{ session: { user: { id: string } } }>().create();
export const r = t.procedure.input((v) => v as { where: Prisma.ConsultationWhereInput }).query(({ ctx, input }) =>
  ${query});`;
      return { code, errors: [filterFromRequest(code, needle, 'Consultation', operation, '`patientId` or `clinicianId`', 'tRPC `input`', 'return', needle === 'input' ? 3 : 1)] };
    }),
    (() => {
      // even a type that requires the owner: the caller still picks it
      const code = `${prisma}import { initTRPC } from '@trpc/server';
const t = initTRPC.context<{ session: { user: { id: string } } }>().create();
export const r = t.procedure.input((v) => v as { where: { patientId: string } }).query(({ input }) => prisma.consultation.findMany({ where: input.where }));`;
      return { code, errors: [filterFromRequest(code, 'input.where', 'Consultation', 'findMany', '`patientId` or `clinicianId`', 'tRPC `input`', 'return')] };
    })(),
    (() => {
      const code = `${prisma}import type { Request } from 'express';
export function list(req: Request) { return prisma.consultation.findMany({ where: req.body }); }`;
      return { code, errors: [filterFromRequest(code, 'req.body', 'Consultation', 'findMany', '`patientId` or `clinicianId`', '`req.body`', 'return')] };
    })(),
    // a filter the client chose: the whole `args` of a GraphQL field config, or the request body, spread into `where`
    // (filterFromRequest, at the spread object: the request picks the owner or leaves it out)
    ...[
      'resolve(_: unknown, args: { id: string }) { return prisma.consultation.findFirst({ where: { ...args } }); }',
      'resolve(_: unknown, args: { id: string }) { return prisma.consultation.findFirst({ where: { ...args, startsAt: new Date() } }); }',
    ].map((resolve) => {
      const code = `${prisma}declare const ConsultationType: unknown;
export const queries = { consultation: { type: ConsultationType, args: { id: { type: 'ID' } },
  ${resolve} } };`;
      return { code, errors: [filterFromRequest(code, '...args', 'Consultation', 'findFirst', '`patientId` or `clinicianId`', 'GraphQL resolver `args`', 'return', 1, 3)] };
    }),
    // a write by id without a guarded read of the same row
    (() => {
      const code = `${prisma}declare const session: { user: { id: string } };
export async function remove({ id, otherId }: { id: string; otherId: string }) {
  const c = await prisma.consultation.findUnique({ where: { id } });
  if (!c || c.patientId !== session.user.id) throw new Error('forbidden');
  await prisma.consultation.delete({ where: { id: otherId } });
}`;
      return { code, errors: [{ messageId: 'missingOwnerScope' as const, ...at(code, 'delete'), suggestions: [
        { messageId: 'addOwnerFilter' as const, data: { filter: 'patientId: session.user.id' }, output: code.replace('{ id: otherId }', '{ id: otherId, patientId: session.user.id }') },
        { messageId: 'addOwnerFilter' as const, data: { filter: 'clinicianId: session.user.id' }, output: code.replace('{ id: otherId }', '{ id: otherId, clinicianId: session.user.id }') },
      ] }] };
    })(),
    // creating rows owned by whoever the request names
    (() => {
      const code = `${prisma}import type { Request } from 'express';
export function create(req: Request) {
  return prisma.consultation.create({ data: { id: 'c', patientId: req.body.patientId, clinicianId: 'd', startsAt: new Date() } });
}`;
      return { code, errors: [{ messageId: 'ownerAssignedFromRequest' as const, ...at(code, 'req.body.patientId'), data: { field: 'patientId', source: '`req.body`', model: 'Consultation' }, suggestions: [] }] };
    })(),
    (() => {
      const code = `${prisma}import type { Request } from 'express';
export function create(req: Request) {
  return prisma.consultation.create({ data: { id: 'c', patient: { connect: { id: req.params.patientId } }, clinician: { connect: { id: 'd' } }, startsAt: new Date() } });
}`;
      return { code, errors: [{ messageId: 'ownerAssignedFromRequest' as const, ...at(code, 'req.params.patientId'), data: { field: 'patient.id', source: '`req.params`', model: 'Consultation' }, suggestions: [] }] };
    })(),
    // invalid provenance settings are one clear message
    (() => {
      const code = prisma + 'prisma.medication.findMany();';
      return { code, settings: { 'data-isolation': { principal: { typez: ['User'] } } }, errors: [{ messageId: 'configProblem' as const, ...at(code, 'findMany'), data: { problem: 'settings["data-isolation"].principal.typez is not a known key; use one of types, expressions, functions, decorators (did you mean `types`?).' } }] };
    })(),
  ],
});

import { clerk, ironSession, lucia, nextAuth, supabase } from './auth';
import { express, expressSession, passport } from './express';
import { fastify } from './fastify';
import { bullmq, nodeCron } from './jobs';
import { koa } from './koa';
import { nestjs } from './nestjs';
import { next } from './next';
import { graphql, trpc } from './resolvers';
import type { Framework } from './types';
import { web } from './web';
import { qstash, stripe, svix } from './webhooks';

export type { Framework, SystemMarkers } from './types';

/** Every framework and library the rule knows, one module each. */
export const FRAMEWORKS: readonly Framework[] = [
  web,
  express,
  expressSession,
  passport,
  fastify,
  koa,
  next,
  nextAuth,
  clerk,
  supabase,
  ironSession,
  lucia,
  nestjs,
  trpc,
  graphql,
  stripe,
  svix,
  qstash,
  bullmq,
  nodeCron,
];

const union = (lists: readonly (readonly string[] | undefined)[]) => [...new Set(lists.flatMap((l) => l ?? []))];

/**
 * The frameworks' knowledge merged, as the provenance analysis reads it: a name counts when it is
 * declared by any package of the same kind (request or auth), as it did before the frameworks were split up.
 */
export function merged(frameworks: readonly Framework[] = FRAMEWORKS) {
  const withRequest = frameworks.filter((f) => f.request?.properties?.length);
  const withPrincipal = frameworks.filter((f) => f.principal?.functions?.length || f.principal?.properties?.length || f.principal?.types?.length);
  return {
    requestPackages: union(withRequest.map((f) => f.packages)),
    requestProperties: new Set(union(withRequest.map((f) => f.request?.properties))),
    requestTypes: new Set(union(frameworks.map((f) => f.request?.types))),
    bodyReaders: new Set(union(frameworks.map((f) => f.request?.bodyReaders))),
    fieldContainers: new Set(union(frameworks.map((f) => f.request?.fieldContainers))),
    fieldReaders: new Set(union(frameworks.map((f) => f.request?.fieldReaders))),
    authPackages: union(withPrincipal.map((f) => f.packages)),
    authFunctions: new Set(union(frameworks.map((f) => f.principal?.functions))),
    authProperties: new Set(union(frameworks.map((f) => f.principal?.properties))),
    principalTypes: new Set(union(frameworks.map((f) => f.principal?.types))),
    contextPrincipalPaths: dedupePaths(frameworks.flatMap((f) => f.principal?.contextPaths ?? [])),
  };
}

function dedupePaths(paths: readonly (readonly string[])[]): (readonly string[])[] {
  const seen = new Map<string, readonly string[]>();
  for (const p of paths) seen.set(p.join('.'), p);
  return [...seen.values()];
}

/** A framework's entry for one purpose (`request.decorators` of NestJS …), with the packages it must come from. */
export function findFramework(name: string): Framework {
  const found = FRAMEWORKS.find((f) => f.name === name);
  if (!found) throw new Error(`unknown framework ${name}`);
  return found;
}

import type { Framework } from './types';

/**
 * Paths in a resolver context that hold the signed-in user (`ctx.user`) or their session (`ctx.session`:
 * server-side state of the signed-in user, so `ctx.session.user.id` and `ctx.session.activeOrganizationId`
 * alike).
 */
const CONTEXT_PRINCIPAL_PATHS = [['session'], ['user'], ['userId'], ['auth', 'userId'], ['viewer'], ['currentUser']];

/** tRPC: `.query(({ ctx, input }) => …)`: `input` is request input, `ctx.session.user` the signed-in user. */
export const trpc: Framework = {
  name: 'tRPC',
  packages: ['@trpc/server'],
  principal: { contextPaths: CONTEXT_PRINCIPAL_PATHS },
  entries: { resolverMethods: ['query', 'mutation', 'subscription'] },
};

/** GraphQL resolvers `(parent, args, context, info: GraphQLResolveInfo)`. */
export const graphql: Framework = {
  name: 'GraphQL',
  packages: ['graphql'],
  principal: { contextPaths: CONTEXT_PRINCIPAL_PATHS },
  entries: { resolverInfoType: 'GraphQLResolveInfo' },
};

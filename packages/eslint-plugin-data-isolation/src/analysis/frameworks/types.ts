/**
 * What the rule knows about one framework or library: the npm packages its declarations live in, where
 * request input and the signed-in user come from in it, and how it marks code that runs for no signed-in
 * user (a job, a verified webhook). A name only counts when the checker resolves it to a declaration in
 * one of `packages`, so an app's own `verify()` or `Worker` is never mistaken for the library's.
 * The user's `settings["data-isolation"]` (`principal`, `untrusted`, `contexts`) add to these.
 */
export interface Framework {
  /** Shown in reasons and docs: `Stripe`. */
  name: string;
  /** npm package names; `'@clerk/'` stands for every package of the scope. Empty: matched by type name alone. */
  packages: readonly string[];
  request?: {
    /** Properties of its request objects that carry caller-chosen input (`req.query`, `ctx.params`). */
    properties?: readonly string[];
    /** Type names of request objects (`NextRequest`) whose body readers (`json()`) return request input. */
    types?: readonly string[];
    bodyReaders?: readonly string[];
    /** Types whose readers (`get()`) return request input: `URLSearchParams`, `Headers`. */
    fieldContainers?: readonly string[];
    fieldReaders?: readonly string[];
    /** Parameter decorators that inject request input: NestJS `@Param()`. */
    decorators?: readonly string[];
  };
  principal?: {
    /** Functions that return the signed-in user or their session: `auth()`, `currentUser()`. */
    functions?: readonly string[];
    /** Properties the library adds to a request for the signed-in user: `req.user`. */
    properties?: readonly string[];
    /** Type names of the signed-in user or their session: `Session`. */
    types?: readonly string[];
    /** Paths in a resolver context that hold the signed-in user: `ctx.session.user`. */
    contextPaths?: readonly (readonly string[])[];
  };
  /** Entry points whose parameters the framework fills from the request. */
  entries?: {
    /** tRPC: the builder methods that take a resolver (`.query(({ ctx, input }) => …)`). */
    resolverMethods?: readonly string[];
    /** GraphQL: the type of a resolver's fourth parameter. */
    resolverInfoType?: string;
    /** Next.js: the exports of `route.ts` that handle requests. */
    routeExports?: readonly string[];
  };
  system?: SystemMarkers;
}

/** How a library marks code that no signed-in user reaches. */
export interface SystemMarkers {
  /**
   * Calls that verify a request's signature and throw (or reject) when it is not the provider's:
   * what runs after one in the same function serves the provider, not a user.
   */
  verifiers?: readonly { name: string; what: string }[];
  /**
   * Calls that run a function given to them as a job, on a schedule, or only for signed requests:
   * `new Worker(queue, processor)`, `cron.schedule(expr, task)`, `task({ run })`.
   */
  handlers?: readonly { callee: string; what: string; property?: string }[];
}

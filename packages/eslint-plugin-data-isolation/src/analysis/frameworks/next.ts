import type { Framework } from './types';

/** Next.js: `request.nextUrl`, route handlers' and pages' `params`/`searchParams`. */
export const next: Framework = {
  name: 'Next.js',
  packages: ['next'],
  request: { properties: ['nextUrl', 'searchParams', 'url', 'headers', 'cookies', 'ip', 'params', 'query', 'body'] },
  entries: { routeExports: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] },
};

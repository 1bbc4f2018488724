import type { Framework } from './types';

/** The web platform's and Node's request types, matched by type name (they are declared by TypeScript's lib). */
export const web: Framework = {
  name: 'the web platform',
  packages: [],
  request: {
    types: ['Request', 'NextRequest', 'IncomingMessage'],
    bodyReaders: ['json', 'formData', 'text', 'arrayBuffer', 'blob'],
    fieldContainers: ['URLSearchParams', 'ReadonlyURLSearchParams', 'FormData', 'Headers', 'ReadonlyHeaders', 'RequestCookies', 'ReadonlyRequestCookies'],
    fieldReaders: ['get', 'getAll', 'has'],
  },
};

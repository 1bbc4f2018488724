import type { Framework } from './types';

export const fastify: Framework = {
  name: 'Fastify',
  packages: ['fastify'],
  request: { properties: ['params', 'query', 'body', 'headers', 'hostname', 'ip', 'url'] },
};

import type { Framework } from './types';

export const koa: Framework = {
  name: 'Koa',
  packages: ['@types/koa', 'koa', '@koa/router', '@types/koa__router'],
  request: { properties: ['params', 'query', 'body', 'headers', 'cookies', 'hostname', 'ip', 'url'] },
};

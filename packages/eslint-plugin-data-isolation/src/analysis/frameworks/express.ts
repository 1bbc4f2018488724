import type { Framework } from './types';

/** Express, with express-session and Passport, which add the signed-in user to its request. */
export const express: Framework = {
  name: 'Express',
  packages: ['@types/express-serve-static-core', '@types/express'],
  request: { properties: ['params', 'query', 'body', 'headers', 'cookies', 'hostname', 'ip', 'url'] },
};

export const expressSession: Framework = {
  name: 'express-session',
  packages: ['@types/express-session', 'express-session'],
  principal: { properties: ['session'], types: ['Session'] },
};

export const passport: Framework = {
  name: 'Passport',
  packages: ['@types/passport', 'passport'],
  principal: { properties: ['user'], types: ['User'] },
};

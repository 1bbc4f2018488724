import type { Framework } from './types';

/** Auth.js / NextAuth (v4 and v5): `auth()`, `getServerSession()`, `Session`. */
export const nextAuth: Framework = {
  name: 'Auth.js',
  packages: ['next-auth', '@auth/core'],
  principal: { functions: ['auth', 'getServerSession', 'getSession'], types: ['Session', 'DefaultSession', 'User', 'AdapterUser'], properties: ['auth'] },
};

export const clerk: Framework = {
  name: 'Clerk',
  packages: ['@clerk/'],
  principal: { functions: ['auth', 'currentUser', 'getAuth'], types: ['SessionAuthObject', 'SignedInAuthObject', 'AuthObject', 'User'], properties: ['auth'] },
};

export const supabase: Framework = {
  name: 'Supabase',
  packages: ['@supabase/'],
  principal: { functions: ['getUser', 'getSession', 'getClaims'], types: ['User', 'Session'] },
};

export const ironSession: Framework = {
  name: 'iron-session',
  packages: ['iron-session'],
  principal: { functions: ['getIronSession'], types: ['IronSession'] },
};

export const lucia: Framework = {
  name: 'Lucia',
  packages: ['lucia'],
  principal: { functions: ['validateRequest', 'validateSession'], types: ['Session', 'User'] },
};

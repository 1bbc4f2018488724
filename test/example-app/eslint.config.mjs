// Type-aware linting of the app with the plugin's `recommended` config (works with ESLint 9 and 10).
import dataIsolation from 'eslint-plugin-data-isolation';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['src/generated/**'] },
  {
    files: ['src/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // The app has its own session type and router, so it names them: its `Session` is the signed-in
    // user, and its handlers' `req.params`/`req.query`/`req.body` are request input.
    settings: {
      'data-isolation': {
        principal: { types: ['Session'] },
        untrusted: { expressions: ['req.params', 'req.query', 'req.body'] },
        // Code no signed-in user reaches, and capability links that serve anyone by design: listed in
        // the access report as "system" and "public" instead of reported. (The Stripe webhook needs no
        // entry: its signature check is recognised by type.)
        contexts: { system: ['src/cron/**'], public: ['src/public/**'] },
      },
    },
  },
  { ...dataIsolation.configs.recommended, files: ['src/**/*.ts'] },
];

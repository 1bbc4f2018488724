// Type-aware linting of the ORM examples with the plugin's `recommended` config.
import dataIsolation from 'eslint-plugin-data-isolation';
import tseslint from 'typescript-eslint';

export default [
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    settings: {
      'data-isolation': {
        // Raw SQL has no entity to carry JSDoc: its tables are declared here, by their SQL name.
        models: { lab_results: { owner: 'patientId' } },
        principal: { types: ['Session'] },
        untrusted: { expressions: ['req.params', 'req.query', 'req.body'] },
        // Each data layer's scheduled jobs (no signed-in user) and capability links (anyone with the
        // token, by design): listed by the access report as "system" and "public" instead of reported.
        // The webhooks need no entry: their signature checks (Stripe, Svix) are recognised by type.
        contexts: { system: ['*/cron/**'], public: ['*/public/**'] },
      },
    },
  },
  { ...dataIsolation.configs.recommended, files: ['**/*.ts'] },
];

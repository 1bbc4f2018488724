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
  { ...dataIsolation.configs.recommended, files: ['src/**/*.ts'] },
];

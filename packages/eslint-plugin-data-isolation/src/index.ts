import type { TSESLint } from '@typescript-eslint/utils';
import requireOwnerScope from './rules/require-owner-scope';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { name, version } = require('../package.json') as { name: string; version: string };

const rules = {
  'require-owner-scope': requireOwnerScope,
};

type FlatConfig = TSESLint.FlatConfig.Config;

/** The rule needs type information, which typed linting provides for these files. */
const TYPED_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

const plugin = {
  meta: { name, version },
  rules,
  configs: {} as Record<'recommended' | 'strict', FlatConfig>,
};

plugin.configs.recommended = {
  name: 'data-isolation/recommended',
  files: TYPED_FILES,
  plugins: { 'data-isolation': plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: {
    'data-isolation/require-owner-scope': 'error',
  },
};

plugin.configs.strict = {
  name: 'data-isolation/strict',
  files: TYPED_FILES,
  plugins: { 'data-isolation': plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: {
    'data-isolation/require-owner-scope': ['error', { reportUnverifiable: true }],
  },
};

export = plugin;

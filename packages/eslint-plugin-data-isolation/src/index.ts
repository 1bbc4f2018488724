import type { TSESLint } from '@typescript-eslint/utils';
import requireOwnerScope from './rules/require-owner-scope';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { name, version } = require('../package.json') as { name: string; version: string };

const rules = {
  'require-owner-scope': requireOwnerScope,
};

type FlatConfig = TSESLint.FlatConfig.Config;

const plugin = {
  meta: { name, version },
  rules,
  configs: {} as Record<'recommended' | 'strict', FlatConfig>,
};

plugin.configs.recommended = {
  name: 'data-isolation/recommended',
  plugins: { 'data-isolation': plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: {
    'data-isolation/require-owner-scope': 'error',
  },
};

plugin.configs.strict = {
  name: 'data-isolation/strict',
  plugins: { 'data-isolation': plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: {
    'data-isolation/require-owner-scope': ['error', { reportUnverifiable: true }],
  },
};

export = plugin;

// First: stops with one message naming the fix when `typescript` has no JavaScript API (TypeScript 7).
import './util/typescript-api';
import type { TSESLint } from '@typescript-eslint/utils';
import { prismaLanguage } from './languages/prisma';
import requireModelClassification from './rules/require-model-classification';
import requireOwnerScope from './rules/require-owner-scope';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { name, version } = require('../package.json') as { name: string; version: string };

const rules = {
  'require-model-classification': requireModelClassification,
  'require-owner-scope': requireOwnerScope,
};

type FlatConfig = TSESLint.FlatConfig.Config;

/** The rule needs type information, which typed linting provides for these files. */
const TYPED_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];

const plugin = {
  meta: { name, version },
  languages: { prisma: prismaLanguage },
  rules,
  configs: {} as Record<'recommended' | 'strict' | 'schema', FlatConfig>,
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

plugin.configs.schema = {
  name: 'data-isolation/schema',
  files: ['**/*.prisma'],
  plugins: { 'data-isolation': plugin as unknown as TSESLint.FlatConfig.Plugin },
  language: 'data-isolation/prisma',
  rules: {
    'data-isolation/require-model-classification': 'error',
  },
} as FlatConfig;

export = plugin;

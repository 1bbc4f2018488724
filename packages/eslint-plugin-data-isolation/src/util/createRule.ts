import { RuleCreator } from '@typescript-eslint/utils/eslint-utils';

export const DOCS_BASE =
  'https://github.com/data-isolation/data-isolation/blob/main/packages/eslint-plugin-data-isolation/docs/rules';

export interface DataIsolationDocs {
  description: string;
  recommended?: boolean;
  requiresTypeChecking: boolean;
}

export const createRule = RuleCreator<DataIsolationDocs>((name) => `${DOCS_BASE}/${name}.md`);

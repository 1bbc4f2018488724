import { RuleTester } from '@typescript-eslint/rule-tester';
import { after, describe, it } from 'node:test';
import { join } from 'node:path';

RuleTester.afterAll = after;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export const fixturesDir = join(__dirname, 'fixtures');

/** A RuleTester that type-checks test code with typescript-eslint's project service, in `dir`. */
export function typedRuleTester(dir = fixturesDir, settings?: Record<string, unknown>): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: dir,
      },
    },
    ...(settings && { settings }),
  });
}

/** 1-based line and column of the `nth` occurrence of `needle` in `code`, as ESLint reports them. */
export function at(code: string, needle: string, nth = 1): { line: number; column: number; endLine: number; endColumn: number } {
  let index = -1;
  for (let i = 0; i < nth; i++) {
    index = code.indexOf(needle, index + 1);
    if (index === -1) throw new Error(`"${needle}" (occurrence ${nth}) not in test code`);
  }
  const before = code.slice(0, index).split('\n');
  const line = before.length;
  const column = before[before.length - 1].length + 1;
  const lines = needle.split('\n');
  const endLine = line + lines.length - 1;
  const endColumn = lines.length === 1 ? column + needle.length : lines[lines.length - 1].length + 1;
  return { line, column, endLine, endColumn };
}

import type { TSESTree } from '@typescript-eslint/utils';
import type { PrismaModelNode, PrismaSourceCode } from '../languages/prisma';
import { configFromSources } from '../schema';
import { unclassifiedModels } from '../schema/coverage';
import { PROVENANCE_KEYS } from '../schema/provenance-settings';
import { createRule } from '../util/createRule';

export type MessageIds = 'unclassifiedModel' | 'addAnnotation';

export default createRule<[], MessageIds>({
  name: 'require-model-classification',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every model with an owner-like relation or column to be classified as owner-scoped, tenant-scoped or public',
      recommended: true,
      requiresTypeChecking: false,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      unclassifiedModel:
        'Model {{model}} has {{evidence}} but is not classified, so no query on it is checked for its owner. Declare its owner with `/// @owner(…)` or `/// @tenant(…)`, or mark it `/// @public("reason")` if its rows are not private.',
      addAnnotation: 'Add `/// {{annotation}}` above the model.',
    },
  },
  defaultOptions: [],
  create(context) {
    const settings = (context.settings as Record<string, unknown>)['data-isolation'];
    const sourceCode = context.sourceCode as unknown as PrismaSourceCode;
    // The schema as the language parsed it, with the text being linted (in an editor it may not be saved yet).
    const { sources, models } = sourceCode.ast.schema;
    const config = configFromSources(sources, { cwd: context.cwd, settings, extraTopLevelKeys: PROVENANCE_KEYS }, { ok: true, models });
    const principal = (settings as { principalModel?: unknown } | undefined)?.principalModel;
    const pending = new Map(unclassifiedModels(config, typeof principal === 'string' ? principal : undefined).map((u) => [u.model.name, u]));
    return {
      Model(node: TSESTree.Node) {
        const model = node as unknown as PrismaModelNode;
        const found = pending.get(model.name);
        if (!found) return;
        const lineStart = sourceCode.getIndexFromLoc({ line: model.loc.start.line, column: 1 });
        const indent = /^\s*/.exec(sourceCode.lines[model.loc.start.line - 1])![0];
        context.report({
          node,
          messageId: 'unclassifiedModel',
          data: { model: model.name, evidence: found.evidence },
          suggest: found.annotation
            ? [
                {
                  messageId: 'addAnnotation',
                  data: { annotation: found.annotation },
                  fix: (fixer) => fixer.insertTextBeforeRange([lineStart, lineStart], `${indent}/// ${found.annotation}\n`),
                },
              ]
            : [],
        });
      },
    };
  },
});

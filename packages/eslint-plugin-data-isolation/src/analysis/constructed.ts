import type { TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { AST_NODE_TYPES } from '../node-types';
import { unaliased } from './types';

/**
 * The expression a constructed object holds in one field: `new GetSettingsCommand(projectId)` stores
 * its argument in `projectId` through a parameter property (`constructor(readonly projectId: string)`)
 * or `this.projectId = projectId` in the constructor. A command or DTO object carries each field from
 * its own argument, so `command.projectId` is that argument, not the whole object.
 */
export function constructedField(
  target: TSESTree.Node,
  property: string,
  checker: ts.TypeChecker,
  tsNode: (node: TSESTree.Node) => ts.Node,
): TSESTree.Node | null {
  if (target.type !== AST_NODE_TYPES.NewExpression) return null;
  const symbol = unaliased(checker, checker.getSymbolAtLocation(tsNode(target.callee)));
  const declaration = symbol?.valueDeclaration;
  if (!declaration || !ts.isClassLike(declaration)) return null;
  const ctor = declaration.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && !!m.body);
  if (!ctor) return null;
  const stores = (paramName: string) =>
    ctor.body!.statements.some(
      (st) =>
        ts.isExpressionStatement(st) &&
        ts.isBinaryExpression(st.expression) &&
        st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(st.expression.left) &&
        st.expression.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
        st.expression.left.name.text === property &&
        ts.isIdentifier(st.expression.right) &&
        st.expression.right.text === paramName,
    );
  const index = ctor.parameters.findIndex(
    (param) =>
      ts.isIdentifier(param.name) &&
      ((param.name.text === property && ts.isParameterPropertyDeclaration(param, ctor)) || stores(param.name.text)),
  );
  const argument = index >= 0 ? target.arguments[index] : undefined;
  return argument && argument.type !== AST_NODE_TYPES.SpreadElement ? argument : null;
}

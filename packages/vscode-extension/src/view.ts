import * as path from 'node:path';
import * as vscode from 'vscode';
import type { QueriesResult, QueryItem } from 'data-isolation-language-server/dist/protocol';

export class ModelNode {
  constructor(
    readonly model: string,
    readonly queries: QueryItem[],
  ) {}
}

export class QueryNode {
  constructor(
    readonly parent: ModelNode,
    readonly query: QueryItem,
  ) {}
}

type Node = ModelNode | QueryNode;

/** Every known finding on an owner-scoped model, grouped by model. */
export class QueriesView implements vscode.TreeDataProvider<Node> {
  private groups: ModelNode[] = [];
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  scanned = false;

  update(result: QueriesResult): void {
    this.scanned = result.scanned;
    const byModel = new Map<string, QueryItem[]>();
    for (const query of result.queries) {
      const model = query.model ?? '(unknown model)';
      byModel.set(model, [...(byModel.get(model) ?? []), query]);
    }
    this.groups = [...byModel.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([model, queries]) => new ModelNode(model, queries.sort(byLocation)));
    this.changed.fire(undefined);
  }

  group(model: string): ModelNode | undefined {
    return this.groups.find((g) => g.model === model);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.groups;
    if (node instanceof ModelNode) return node.queries.map((q) => new QueryNode(node, q));
    return [];
  }

  getParent(node: Node): Node | undefined {
    return node instanceof QueryNode ? node.parent : undefined;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node instanceof ModelNode) {
      const unscoped = node.queries.filter((q) => q.status === 'unscoped').length;
      const item = new vscode.TreeItem(node.model, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${unscoped} unscoped · ${node.queries.length - unscoped} suppressed`;
      item.iconPath = new vscode.ThemeIcon('database');
      return item;
    }
    const { query } = node;
    const file = vscode.workspace.asRelativePath(vscode.Uri.parse(query.uri), false);
    const item = new vscode.TreeItem(`${query.operation ?? 'query'} · ${path.posix.basename(file)}:${query.range.start.line + 1}`);
    item.description = query.status === 'unscoped' ? 'unscoped' : `suppressed: ${query.justification ?? 'no reason given'}`;
    item.tooltip = new vscode.MarkdownString(`${file}:${query.range.start.line + 1}\n\n${query.message}`);
    item.iconPath = new vscode.ThemeIcon(query.status === 'unscoped' ? 'warning' : 'eye-closed');
    item.resourceUri = vscode.Uri.parse(query.uri);
    item.command = { title: 'Go to query', command: 'dataIsolation.revealQuery', arguments: [query.uri, query.range] };
    return item;
  }
}

function byLocation(a: QueryItem, b: QueryItem): number {
  return a.uri.localeCompare(b.uri) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

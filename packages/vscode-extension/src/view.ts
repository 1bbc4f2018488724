import * as path from 'node:path';
import * as vscode from 'vscode';
import { countsOf, type QueriesResult, type QueryItem, type QueryStatus } from 'data-isolation-language-server/dist/protocol';

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

const STATUS: Record<QueryStatus, { label: string; icon: string }> = {
  scoped: { label: 'scoped', icon: 'pass' },
  guarded: { label: 'guarded: checked after the fetch', icon: 'shield' },
  unverified: { label: 'owner value of unknown origin', icon: 'question' },
  unreadable: { label: 'filter not verifiable', icon: 'question' },
  unscoped: { label: 'unscoped', icon: 'warning' },
  suppressed: { label: 'suppressed', icon: 'eye-closed' },
  system: { label: 'system: no signed-in user', icon: 'server-process' },
  public: { label: 'public by design', icon: 'globe' },
};

/**
 * Every known query on an owner-scoped model, grouped by model. When the plugin has no inventory
 * (`result.inventory` false), only its findings.
 */
export class QueriesView implements vscode.TreeDataProvider<Node> {
  private groups: ModelNode[] = [];
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  scanned = false;
  inventory = true;

  update(result: QueriesResult): void {
    this.scanned = result.scanned;
    this.inventory = result.inventory;
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
      const item = new vscode.TreeItem(node.model, vscode.TreeItemCollapsibleState.Expanded);
      item.description = countsOf(node.queries, this.inventory);
      item.iconPath = new vscode.ThemeIcon('database');
      return item;
    }
    const { query } = node;
    const file = vscode.workspace.asRelativePath(vscode.Uri.parse(query.uri), false);
    const item = new vscode.TreeItem(`${query.operation ?? 'query'} · ${path.posix.basename(file)}:${query.range.start.line + 1}`);
    const status = STATUS[query.status];
    item.description = query.status === 'suppressed' ? `suppressed: ${query.justification ?? 'no reason given'}` : status.label;
    const through = query.through ? `\n\nThrough \`${query.through}\`` : '';
    item.tooltip = new vscode.MarkdownString(`${file}:${query.range.start.line + 1}${through}\n\n${query.message ?? query.scopedBy ?? ''}`);
    item.iconPath = new vscode.ThemeIcon(status.icon);
    item.resourceUri = vscode.Uri.parse(query.uri);
    item.command = { title: 'Go to query', command: 'dataIsolation.revealQuery', arguments: [query.uri, query.range] };
    return item;
  }
}

function byLocation(a: QueryItem, b: QueryItem): number {
  return a.uri.localeCompare(b.uri) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

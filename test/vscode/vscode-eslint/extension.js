// Test only: a stand-in for the VS Code client of vscode-eslint (dbaeumer.vscode-eslint), which cannot
// be installed from the marketplace on this project's machines. The language server it starts is
// vscode-eslint's real one (vscode-langservers-extracted); this file plays the part of vscode-eslint's
// client: it answers the server's workspace/configuration requests with the settings object that
// client builds, pulls diagnostics as it does, and answers its custom requests. Diagnostics come from
// the real server: source "eslint", code = the rule id.
const path = require('node:path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

const VALIDATED = new Set(['javascript', 'javascriptreact', 'typescript', 'typescriptreact']);
let client;

function settingsFor(scopeUri) {
  const resource = client.protocol2CodeConverter.asUri(scopeUri);
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === resource.toString());
  const config = vscode.workspace.getConfiguration('eslint', document ?? resource);
  const folder = vscode.workspace.getWorkspaceFolder(resource);
  const useFlatConfig = config.get('useFlatConfig', null);
  return {
    validate: config.get('enable', true) && (!document || VALIDATED.has(document.languageId)) ? 'on' : 'off',
    packageManager: config.get('packageManager', 'npm'),
    useESLintClass: false,
    useFlatConfig: useFlatConfig === null ? undefined : useFlatConfig,
    experimental: { useFlatConfig: config.get('experimental.useFlatConfig', false) },
    codeActionOnSave: { mode: 'all' },
    format: false,
    quiet: config.get('quiet', false),
    onIgnoredFiles: config.get('onIgnoredFiles', 'off'),
    options: config.get('options', {}),
    rulesCustomizations: config
      .get('rules.customizations', [])
      .filter((c) => c && typeof c.rule === 'string' && typeof c.severity === 'string'),
    run: config.get('run', 'onType'),
    problems: { shortenToSingleLine: config.get('problems.shortenToSingleLine', false) },
    nodePath: config.get('nodePath', null),
    workingDirectory: undefined,
    workspaceFolder: folder ? { name: folder.name, uri: client.code2ProtocolConverter.asUri(folder.uri) } : undefined,
    codeAction: {
      disableRuleComment: config.get('codeAction.disableRuleComment', { enable: true, location: 'separateLine', commentStyle: 'line' }),
      showDocumentation: config.get('codeAction.showDocumentation', { enable: true }),
    },
  };
}

exports.activate = async function activate(context) {
  const module = path.join(path.dirname(require.resolve('vscode-langservers-extracted/package.json')), 'lib/eslint-language-server/eslintServer.js');
  const output = vscode.window.createOutputChannel('ESLint', { log: true });
  client = new LanguageClient(
    'ESLint',
    { run: { module, transport: TransportKind.ipc }, debug: { module, transport: TransportKind.ipc } },
    {
      documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
      outputChannel: output,
      diagnosticCollectionName: 'eslint',
      diagnosticPullOptions: {
        onChange: true,
        onSave: true,
        filter: (document, mode) => {
          const run = vscode.workspace.getConfiguration('eslint', document).get('run', 'onType');
          return (mode === 'onType' && run !== 'onType') || (mode === 'onSave' && run !== 'onSave');
        },
      },
      middleware: {
        workspace: {
          configuration: (params) => params.items.map((item) => (item.section || !item.scopeUri ? null : settingsFor(item.scopeUri))),
        },
      },
    },
  );
  client.onNotification('eslint/status', () => {});
  client.onNotification('eslint/exitCalled', () => {});
  client.onNotification('eslint/showOutputChannel', () => output.show(true));
  client.onRequest('eslint/noConfig', () => ({}));
  client.onRequest('eslint/noLibrary', () => ({}));
  client.onRequest('eslint/probeFailed', () => ({}));
  client.onRequest('eslint/openDoc', async (params) => {
    await vscode.env.openExternal(vscode.Uri.parse(params.url));
    return {};
  });
  context.subscriptions.push(output, { dispose: () => client.stop() });
  try {
    await client.start();
  } catch (error) {
    // The test log shows the extension host's console; the output channel is not visible there.
    console.error('vscode-eslint stand-in: the server did not start', error);
    throw error;
  }
  return { client: () => client };
};

exports.deactivate = () => client?.stop();

// `npm run test:vscode`: every editor test. Installs what it needs first (cached: see setup.mjs), builds
// the plugin, the language server and the extension, packages the extension (`npm run package`: the .vsix
// that the extension-host and UI tests install into the VS Code server and test), then runs
//   1. the language server on its own over stdio with a real LSP client (lsp.test.mjs),
//   2. the extension's mocha suites inside the real VS Code extension host: trusted, Restricted Mode, and
//      next to vscode-eslint's real language server (behind a test-only client, test/vscode/vscode-eslint),
//   3. UI tests through the workbench in headless Chromium (ui.test.mjs; screenshots in artifacts/).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup } from './setup.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '../..');
const results = [];

function step(name, command, args, options = {}) {
  const started = Date.now();
  console.log(`\n=== ${name}`);
  const { status } = spawnSync(command, args, { cwd: repo, stdio: 'inherit', ...options });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  results.push({ name, ok: status === 0, seconds });
  return status === 0;
}

const started = Date.now();
let t = Date.now();
setup();
results.push({ name: 'setup (Node 24, code-server, Chromium)', ok: true, seconds: ((Date.now() - t) / 1000).toFixed(1) });

const built = step('build', 'npm', [
  'run', 'build', '--silent',
  '-w', 'eslint-plugin-data-isolation',
  '-w', 'data-isolation-language-server',
  '-w', 'vscode-data-isolation',
]);
const packaged = built && step('package the extension (.vsix)', process.execPath, [join(repo, 'packages/vscode-extension/scripts/package.mjs')]);
if (packaged) {
  step('language server over stdio', process.execPath, ['--test', '--test-reporter=spec', join(here, 'lsp.test.mjs')]);
  step('extension tests in the VS Code extension host, the .vsix installed (trusted, Restricted Mode, with vscode-eslint)', process.execPath, [join(here, 'extension-host.mjs'), 'trusted', 'restricted', 'eslint']);
  step('UI tests in the workbench (Chromium), the .vsix installed, and in a workspace outside this repository', process.execPath, ['--test', '--test-reporter=spec', join(here, 'ui.test.mjs')]);
}

console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds}s)`);
console.log(`total ${((Date.now() - started) / 1000).toFixed(1)}s; logs and the UI screenshot: ${join(here, 'artifacts')}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);

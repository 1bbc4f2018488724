// For machines that can download VS Code: `npm run test:electron` runs the extension's suites with
// @vscode/test-cli. On this project's machines (no VS Code download) `npm run test:vscode` at the
// repository root runs the same suites in the VS Code server's extension host instead.
import { defineConfig } from '@vscode/test-cli';

const mocha = { ui: 'tdd', timeout: 600_000 };

export default defineConfig([
  {
    label: 'trusted',
    files: 'out/test/trusted/*.test.js',
    workspaceFolder: '../../test/vscode/.work/vscode-trusted',
    launchArgs: ['--disable-workspace-trust', '--disable-extensions'],
    mocha,
  },
  {
    label: 'restricted',
    files: 'out/test/restricted/*.test.js',
    workspaceFolder: '../../test/vscode/.work/vscode-restricted',
    launchArgs: ['--disable-extensions'],
    mocha,
  },
]);

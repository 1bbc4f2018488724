// Runs the real VS Code server (from code-server's npm package, on Node 24) and its web workbench in
// headless Chromium. See /work/shared/notes/real-vscode-tests.md for why this and not test-electron.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vsixPath } from '../../packages/vscode-extension/scripts/package.mjs';
import { until } from './lsp-client.mjs';
import { paths } from './setup.mjs';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export { until };

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

let extensionsDir;

/**
 * An extensions folder with the packaged extension (`npm run package`) installed by the VS Code server's
 * own `--install-extension`, as users install a .vsix. Once per process, outside this repository (in the
 * system's temporary folder), so that nothing of the repository's node_modules can resolve from it; removed
 * when the process exits. The sessions are given it as `--extensions-dir`.
 */
export function installedExtensions() {
  if (extensionsDir) return extensionsDir;
  if (!existsSync(vsixPath)) throw new Error(`${vsixPath} is missing: run \`npm run package\` first`);
  const dir = mkdtempSync(join(tmpdir(), 'data-isolation-vscode-extensions-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  execFileSync(
    paths.node24,
    [paths.serverMain, '--accept-server-license-terms', '--server-data-dir', join(dir, '.server-data'), '--extensions-dir', dir, '--install-extension', vsixPath],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, VSCODE_AGENT_FOLDER: join(dir, '.agent') } },
  );
  const installed = readdirSync(dir).filter((name) => name.startsWith('data-isolation.vscode-data-isolation-'));
  if (installed.length !== 1) throw new Error(`installing ${vsixPath} left ${JSON.stringify(readdirSync(dir))} in ${dir}`);
  extensionsDir = dir;
  return dir;
}

/**
 * Starts the VS Code server for `workspace` with state under `stateDir`. `trusted: false` leaves workspace
 * trust on (Restricted Mode); `extensions`, its extensions folder (by default with the .vsix installed). Resolves once it listens; `stop()` kills its whole process group.
 */
export async function startServer({ stateDir, trusted, log = () => {}, extensions = installedExtensions() }) {
  rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(join(stateDir, 'data/User'), { recursive: true });
  writeFileSync(
    join(stateDir, 'data/User/settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'chat.disableAIFeatures': true,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.banner': 'never',
      'workbench.tips.enabled': false,
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'update.mode': 'none',
      'telemetry.telemetryLevel': 'off',
      'typescript.tsserver.log': 'off',
      // VS Code for the Web saves after a delay by default: a test's unsaved edit must stay unsaved.
      'files.autoSave': 'off',
    }),
  );
  const port = await freePort();
  const args = [
    paths.serverMain,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--disable-telemetry',
    '--user-data-dir', join(stateDir, 'data'),
    '--server-data-dir', join(stateDir, 'sdata'),
    '--extensions-dir', extensions,
  ];
  if (trusted) args.push('--disable-workspace-trust');
  const child = spawn(paths.node24, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VSCODE_AGENT_FOLDER: join(stateDir, 'agent'), DATA_ISOLATION_VSIX: vsixPath } });
  let output = '';
  const collect = (d) => {
    output += d;
    log(String(d));
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await until('the VS Code server to listen', () => {
    if (child.exitCode !== null) throw new Error(`the VS Code server exited (${child.exitCode}):\n${output}`);
    return /listening on/i.test(output);
  });
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
      const done = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))]);
      if (!done) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {}
      }
      // The extension host and language server share the group; wait until none is left.
      await until('the server process group to exit', () => {
        try {
          process.kill(-child.pid, 0);
          return false;
        } catch {
          return true;
        }
      }, 10_000).catch(() => {});
    },
  };
}

export function workbenchUrl(server, folder, payload) {
  const url = `${server.origin}/?folder=${encodeURIComponent(folder)}`;
  if (!payload) return url;
  const authority = `127.0.0.1:${server.port}`;
  const remote = (p) => `vscode-remote://${authority}${p}`;
  return `${url}&payload=${encodeURIComponent(JSON.stringify(payload.map(([k, v]) => [k, v.startsWith('/') ? remote(v) : v])))}`;
}

export async function launchBrowser(profileDir) {
  const { chromium } = createRequire(import.meta.url)(paths.playwright);
  rmSync(profileDir, { recursive: true, force: true });
  return chromium.launchPersistentContext(profileDir, {
    executablePath: paths.chromium,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
}

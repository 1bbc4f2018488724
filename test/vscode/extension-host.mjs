// Runs the extension's mocha suites (the @vscode/test-electron `run()` format) inside the real
// extension host of the VS Code server, one session per suite, against the INSTALLED extension: the
// .vsix of `npm run package`, installed with the server's --install-extension (vscode-server.mjs). The
// suites themselves are loaded from this repository's build (out/test).
import { appendFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { format } from 'node:util';
import { fileURLToPath } from 'node:url';
import { prepareExtensionWorkspace, workDir } from './fixtures.mjs';
import { launchBrowser, startServer, workbenchUrl } from './vscode-server.mjs';

const extensionDir = resolve(fileURLToPath(import.meta.url), '../../../packages/vscode-extension');
// Test only: vscode-eslint's real language server behind a stand-in client (see vscode-eslint/extension.js).
const eslintStandIn = resolve(fileURLToPath(import.meta.url), '../vscode-eslint');
/** Extensions installed next to ours, per suite. */
const EXTRA_EXTENSIONS = { eslint: [eslintStandIn] };
export const artifactsDir = resolve(fileURLToPath(import.meta.url), '../artifacts');
const SESSION_TIMEOUT_MS = 15 * 60_000;

/**
 * The extensionDevelopmentPath of a session: VS Code runs extension tests only with one. Ours is the
 * installed .vsix, so it is a folder without a package.json, from which VS Code loads every extension
 * in it: none, or links to the session's test-only extensions.
 */
function developmentPath(suite) {
  const dir = join(workDir, `extensions-${suite}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const source of EXTRA_EXTENSIONS[suite] ?? []) symlinkSync(source, join(dir, basename(source)));
  return dir;
}

export async function runSession(suite, { trusted }) {
  const workspace = await prepareExtensionWorkspace(suite);
  const stateDir = join(workDir, `state-${suite}`);
  const lines = [];
  let started = false;
  mkdirSync(artifactsDir, { recursive: true });
  const logFile = join(artifactsDir, `extension-tests-${suite}.log`);
  writeFileSync(logFile, '');
  const server = await startServer({ stateDir, trusted });
  let context;
  try {
    context = await launchBrowser(join(stateDir, 'chromium'));
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(120_000);
    let exit;
    const exited = new Promise((r) => (exit = r));
    await page.exposeFunction('codeAutomationExit', (code) => exit(code));
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const line = Array.isArray(args) ? format(...args) : format(level, args);
      lines.push(line);
      appendFileSync(logFile, `${line}\n`);
      if (line.includes('--- data-isolation extension tests ---')) started = true;
      else if (started) process.stdout.write(`  [${suite}] ${line}\n`);
    });
    await page.goto(
      workbenchUrl(server, workspace, [
        ['extensionDevelopmentPath', developmentPath(suite)],
        ['extensionTestsPath', join(extensionDir, `out/test/${suite}/index.js`)],
      ]),
    );
    let timer;
    const code = await Promise.race([
      exited,
      new Promise((r) => (timer = setTimeout(() => r('timeout'), SESSION_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    if (code === 'timeout') throw new Error(`the ${suite} session did not finish in ${SESSION_TIMEOUT_MS / 1000}s`);
    appendFileSync(logFile, `\n--- VS Code server ---\n${server.output()}`);
    return { code, lines, logFile };
  } finally {
    await context?.close().catch(() => {});
    await server.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const suites = process.argv.slice(2).length ? process.argv.slice(2) : ['trusted', 'restricted', 'eslint'];
  let failed = false;
  for (const suite of suites) {
    const started = Date.now();
    const { code, logFile } = await runSession(suite, { trusted: suite !== 'restricted' });
    console.log(`extension tests (${suite}): ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    if (code !== 0) {
      failed = true;
      console.log(`the workbench and server logs are in ${logFile}`);
    }
  }
  process.exit(failed ? 1 : 0);
}

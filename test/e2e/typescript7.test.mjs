// A project whose own compiler is TypeScript 7, set up the way the plugin's README says (the TypeScript
// team's side-by-side install): installed with npm from the registry into a temp folder outside this
// repository, with the packed plugin. Its `tsc` (TypeScript 7) type-checks it, ESLint with the plugin
// finds exactly what it finds on TypeScript 6.0, and with TypeScript 7 installed as `typescript` the
// plugin stops with one message that names the fix instead of a TypeError.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ESLINT_10,
  RECOMMENDED_FINDINGS,
  assertFindings,
  copyAppSources,
  generateClient,
  key,
  lintJson,
  makeTempDir,
  repoRoot,
  runNode,
} from './helpers.mjs';
import { codeBlocks } from './ci-helpers.mjs';

const require = createRequire(import.meta.url);
const pluginDir = join(repoRoot, 'packages', 'eslint-plugin-data-isolation');
const installed = (name) => require(join(repoRoot, 'node_modules', name, 'package.json')).version;

/** The README's "TypeScript 7" package.json block: the two side-by-side lines. */
function readmeSideBySide() {
  const readme = join(pluginDir, 'README.md');
  const section = readFileSync(readme, 'utf8').split('\n## TypeScript 7\n')[1]?.split('\n## ')[0];
  assert.ok(section, 'the plugin README has a "TypeScript 7" section');
  const block = codeBlocks(readme).find((b) => b.lang === 'json' && section.includes(b.text));
  assert.ok(block, 'the "TypeScript 7" section has a package.json block');
  return JSON.parse(block.text).devDependencies;
}

/** npm as `npm test` runs it (npm_execpath), else the npm next to this node; no npm_* settings passed on. */
function npm(args, cwd) {
  const viaNode = process.env.npm_execpath?.endsWith('.js');
  const [command, pre] = viaNode ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  const result = spawnSync(command, [...pre, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, npm_config_update_notifier: 'false' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return result;
}

const sideBySide = readmeSideBySide();
let dir;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'di-ts7-'));
  copyAppSources(dir);
  const pack = npm(['pack', '--silent', '--pack-destination', dir], pluginDir);
  assert.equal(pack.status, 0, pack.stderr);
  const tarball = pack.stdout.trim().split('\n').pop();
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  // Every version exact: the README's two lines, and the versions this repository's lockfile installs.
  pkg.dependencies = { '@prisma/client': installed('@prisma/client') };
  // The example app's verified webhook imports Stripe's SDK (its types are what recognise it).
  pkg.devDependencies = { stripe: installed('stripe') };
  pkg.devDependencies = {
    ...pkg.devDependencies,
    ...sideBySide,
    '@types/node': installed('@types/node'),
    eslint: installed('eslint'),
    'eslint-plugin-data-isolation': `file:${tarball}`,
    prisma: installed('prisma'),
    'typescript-eslint': installed('typescript-eslint'),
  };
  // @typescript/typescript6 takes the 6.0 API from `typescript@^6` (as @typescript/old): pin it too.
  pkg.overrides = { '@typescript/old': `npm:typescript@${installed('typescript')}` };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  const install = npm(['install', '--prefer-offline', '--no-audit', '--no-fund'], dir);
  assert.equal(install.status, 0, `npm install failed:\n${install.stdout}\n${install.stderr}`);
  generateClient(dir);
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the README pins TypeScript 7 as @typescript/native and the 6.0 API as typescript, exactly', () => {
  assert.deepEqual(Object.keys(sideBySide).sort(), ['@typescript/native', 'typescript']);
  assert.match(sideBySide['@typescript/native'], /^npm:typescript@7\.\d+\.\d+$/);
  assert.match(sideBySide.typescript, /^npm:@typescript\/typescript6@6\.\d+\.\d+$/);
});

test("the project's tsc is TypeScript 7, and it type-checks the project", () => {
  const tsc = join(dir, 'node_modules', '.bin', 'tsc');
  const version = spawnSync(tsc, ['--version'], { cwd: dir, encoding: 'utf8' });
  assert.equal(version.stdout.trim(), `Version ${sideBySide['@typescript/native'].split('@').pop()}`);
  const check = spawnSync(tsc, ['-p', 'tsconfig.json', '--noEmit'], { cwd: dir, encoding: 'utf8' });
  assert.equal(check.status, 0, `tsc 7 failed:\n${check.stdout}${check.stderr}`);
});

describe('ESLint with the plugin, through the side-by-side setup', () => {
  let run;
  before(() => {
    run = lintJson(join(dir, 'node_modules', 'eslint', 'bin', 'eslint.js'), dir);
  });

  test('typescript-eslint and the plugin load TypeScript 6.0 from `typescript`', () => {
    const resolve = createRequire(join(dir, 'node_modules', 'eslint-plugin-data-isolation', 'package.json'));
    assert.match(resolve('typescript').version, /^6\.0\./);
    assert.equal(require(join(dir, 'node_modules', 'typescript', 'package.json')).name, '@typescript/typescript6');
  });

  test('finds exactly what it finds on TypeScript 6.0', () => {
    assert.equal(run.status, 1, run.stderr);
    assertFindings(run.findings, RECOMMENDED_FINDINGS, dir);
    // The same findings, messages included, as this repository's ESLint and plugin on TypeScript 6.0
    // (a copy of the app inside the repository, so that everything resolves from its node_modules).
    const copy = makeTempDir('ts6-app');
    try {
      copyAppSources(copy);
      generateClient(copy);
      const classic = lintJson(ESLINT_10, copy);
      const strip = (f) => `${key(f)} ${f.endLine}:${f.endColumn} ${f.message}`;
      assert.deepEqual(run.findings.map(strip).sort(), classic.findings.map(strip).sort());
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

test('with TypeScript 7 installed as `typescript`, one message names the fix (no TypeError, no stack)', () => {
  const modules = join(dir, 'node_modules');
  renameSync(join(modules, 'typescript'), join(modules, 'typescript-6-api'));
  symlinkSync(join(modules, '@typescript', 'native'), join(modules, 'typescript'), 'dir');
  try {
    const run = runNode([join(modules, 'eslint', 'bin', 'eslint.js'), '.'], dir);
    assert.equal(run.status, 2, run.stdout + run.stderr);
    const version = sideBySide['@typescript/native'].split('@').pop();
    assert.match(run.stderr, new RegExp(`but \`typescript\` resolves to TypeScript ${version.replaceAll('.', '\\.')}, which has none`));
    for (const line of Object.entries(sideBySide).map(([name, spec]) => `"${name}": "${spec}"`)) {
      assert.ok(run.stderr.includes(line), `the message names ${line}:\n${run.stderr}`);
    }
    assert.equal(run.stderr.split('eslint-plugin-data-isolation needs').length, 2, 'said once');
    assert.doesNotMatch(run.stderr, /TypeError|^\s+at /m);
  } finally {
    rmSync(join(modules, 'typescript'));
    renameSync(join(modules, 'typescript-6-api'), join(modules, 'typescript'));
  }
});

// Shared by the robustness tests: temporary projects with a real generated Prisma Client, and linting
// in a bounded child process (lint-worker.mjs) so that a crash is reported per file and a hang fails
// the test instead of stalling the suite. Not a test file (no `.test.` in its name).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RULE = 'data-isolation/require-owner-scope';
const WORKER = join(repoRoot, 'test', 'robustness', 'lint-worker.mjs');

/** A fresh folder under `<repo>/.tmp` (gitignored), so packages resolve from the repo's node_modules. */
export function makeTempDir(prefix) {
  mkdirSync(join(repoRoot, '.tmp'), { recursive: true });
  return mkdtempSync(join(repoRoot, '.tmp', `${prefix}-`));
}

export function removeDir(dir) {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** Writes `files` (relative path → text) under `dir`. */
export function writeFiles(dir, files) {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
}

/**
 * Runs `prisma generate` for `schemaFile` (whose generator must be `prisma-client` with an output
 * inside the temp project: never `prisma-client-js`, whose output is the repo's node_modules).
 * PRISMA_SCHEMA_ENGINE_BINARY=/bin/true lets it run offline.
 */
export function generateClient(schemaFile) {
  const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');
  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', schemaFile], {
    cwd: dirname(schemaFile),
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 120_000,
  });
}

export const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2022',
      module: 'esnext',
      moduleResolution: 'bundler',
      lib: ['ES2023', 'DOM'],
      types: ['node'],
      strict: true,
      skipLibCheck: true,
      noEmit: true,
    },
    include: ['src'],
  },
  null,
  2,
)}\n`;

/**
 * A flat config: typed linting of `src/**` with the plugin's `recommended` (or `strict`) config.
 * ROBUSTNESS_PLUGIN=<path to a build's dist/index.js> tests another build of the plugin (say, with a
 * proposed fix applied) instead of the workspace's.
 */
export function eslintConfig({ preset = 'recommended', settings, ruleOptions, extra = '' } = {}) {
  const ruleEntry = ruleOptions === undefined ? '' : `, rules: { '${RULE}': ${JSON.stringify(['error', ruleOptions])} }`;
  const plugin = process.env.ROBUSTNESS_PLUGIN ? pathToFileURL(resolve(process.env.ROBUSTNESS_PLUGIN)).href : 'eslint-plugin-data-isolation';
  return `import dataIsolation from ${JSON.stringify(plugin)};
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['src/generated/**'] },
  {
    files: ['src/**/*.{ts,tsx,mts,cts}'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  { ...dataIsolation.configs.${preset}, files: ['src/**/*.{ts,tsx,mts,cts}']${ruleEntry} },
  ${settings === undefined ? '' : `{ settings: { 'data-isolation': ${settings} } },`}
  ${extra}
];
`;
}

/**
 * Lints `files` with `configFile` in a child process, one file at a time; or several `runs` (each
 * `{ id, configFile, overrideConfig?, files }`, one ESLint instance each) in the same process. A file
 * that takes longer than `fileTimeoutMs` (a hang) gets the worker killed: the report then names it as
 * `hung`, and those after it as `notRun`. Returns `{ files: [{ run, file, messages | crash | notLinted,
 * ms }], hung, notRun, ms, stderr }`, files relative to `cwd`. Never waits forever.
 */
export async function lintInWorker({ cwd: dir, configFile, files, overrideConfig, runs, fileTimeoutMs = 60_000, firstFileTimeoutMs = 180_000 }) {
  const cwd = resolve(dir);
  const plan = (runs ?? [{ id: '', configFile, overrideConfig, files }]).map((r) => ({
    ...r,
    configFile: r.configFile === undefined ? undefined : resolve(cwd, r.configFile),
    files: r.files.map((f) => resolve(cwd, f)),
  }));
  const jobFile = join(cwd, `.job-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(jobFile, JSON.stringify({ cwd, runs: plan }));
  const rel = (f) => relative(cwd, f).split(sep).join('/');
  const keyOf = (run, file) => (run ? `${run}: ${file}` : file);
  const report = { files: [], hung: undefined, notRun: [], ms: 0, stderr: '' };
  const started = performance.now();
  try {
    const outcome = await run(process.execPath, [WORKER, jobFile], {
      cwd,
      // The first file also pays for starting ESLint, the project service and checking the client's types.
      idleTimeoutMs: () => (report.files.length === 0 ? firstFileTimeoutMs : fileTimeoutMs),
      onLine: (line) => {
        const entry = JSON.parse(line);
        if (entry.done) return;
        report.files.push({ ...entry, file: rel(entry.file) });
      },
    });
    report.stderr = outcome.stderr;
    const done = new Set(report.files.map((f) => keyOf(f.run, f.file)));
    const pending = plan.flatMap((r) => r.files.map((f) => keyOf(r.id, rel(f)))).filter((k) => !done.has(k));
    if (outcome.timedOut) {
      report.hung = pending[0];
      report.notRun = pending.slice(1);
    } else {
      assert.equal(outcome.code, 0, `the lint worker died (exit ${outcome.code}, signal ${outcome.signal}):\n${outcome.stderr.slice(-4000)}`);
      assert.deepEqual(pending, [], 'the lint worker skipped files');
    }
  } finally {
    rmSync(jobFile, { force: true });
  }
  report.ms = performance.now() - started;
  return report;
}

/**
 * spawn, handing each stdout line to `onLine`; kills the child (SIGKILL) when it prints nothing for
 * `idleTimeoutMs()` ms, so that one hung file bounds the wait.
 */
function run(command, args, { cwd, idleTimeoutMs, onLine }) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    let stderr = '';
    let timedOut = false;
    let timer;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, idleTimeoutMs());
    };
    arm();
    child.stdout.setEncoding('utf8').on('data', (data) => {
      buffered += data;
      let newline;
      while ((newline = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.trim()) onLine(line);
        arm();
      }
    });
    child.stderr.setEncoding('utf8').on('data', (data) => (stderr += data));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stderr, timedOut });
    });
  });
}

/** Crashes (errors ESLint threw) in a report, as readable lines. */
export function crashes(report) {
  return report.files.filter((f) => f.crash).map((f) => `${f.file}: ${f.crash.stack.split('\n').slice(0, 8).join('\n    ')}`);
}

/** Fatal messages (parse errors and the like) in a report. */
export function fatals(report) {
  return report.files.flatMap((f) => (f.messages ?? []).filter((m) => m.fatal).map((m) => ({ file: f.file, ...m })));
}

/** The report's entry for `file` (in run `run`); fails when linting it hung or never ran. */
export function entryOf(report, file, run = '') {
  const key = run ? `${run}: ${file}` : file;
  assert.notEqual(report.hung, key, `linting ${key} did not finish (a hang): no output for too long, the worker was killed`);
  assert.ok(!report.notRun.includes(key), `${key} was not linted: linting ${report.hung} hung before it`);
  const entry = report.files.find((f) => f.file === file && (f.run ?? '') === run);
  assert.ok(entry, `${key} was not linted; linted: ${report.files.map((f) => f.file).join(', ')}`);
  return entry;
}

/** The rule's message ids for `file` (in run `run`), sorted; fails on a crash, a hang, or a file not linted. */
export function messageIds(report, file, run = '') {
  const entry = entryOf(report, file, run);
  assert.equal(entry.crash, undefined, `${file} crashed ESLint: ${entry.crash?.stack}`);
  assert.ok(!entry.notLinted, `${file} was not linted (ignored by the config?)`);
  return entry.messages.filter((m) => m.ruleId === RULE).map((m) => m.messageId).sort();
}

/** The rule's messages for `file` (in run `run`). */
export function ruleMessages(report, file, run = '') {
  return entryOf(report, file, run).messages.filter((m) => m.ruleId === RULE);
}

/** Preload for a language server whose memory a test reads: `node --expose-gc --require HEAP_PROBE …`. */
export const HEAP_PROBE = join(repoRoot, 'test', 'robustness', 'heap-probe.cjs');

/**
 * Asks the process `pid`, started with HEAP_PROBE and HEAP_PROBE_FILE=`file`, for a memory snapshot
 * (`{ seq, before, after }`: process.memoryUsage() before and after two full GCs) and polls for it.
 */
export async function heapSnapshot(pid, file, timeoutMs = 120_000) {
  const seqOf = () => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')).seq;
    } catch {
      return 0;
    }
  };
  const previous = seqOf();
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + timeoutMs;
  while (seqOf() <= previous) {
    if (Date.now() > deadline) throw new Error(`no memory snapshot from process ${pid} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Peak and current resident set size of process `pid` in MiB (Linux: VmHWM, VmRSS of /proc/<pid>/status). */
export function residentMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) / 1024;
  return { peakMiB: kib('VmHWM'), currentMiB: kib('VmRSS') };
}

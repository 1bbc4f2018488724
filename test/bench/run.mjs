// The full-lint benchmark: the real ESLint CLI on generated Prisma apps of N files, three ways:
//   (a) typescript-eslint's parser with projectService and no rules,
//   (r) (a) + one rule that costs nothing (ESLint's no-debugger): what having any rule costs,
//   (t) (a) + one type-aware rule (typescript-eslint's no-floating-promises): what a rule that asks the
//       checker about the code costs, for reference (run it with --variants r,t,b),
//   (b) (a) + eslint-plugin-data-isolation's `recommended`,
//   (c) (a) + typescript-eslint's `recommended-type-checked`.
// Each variant is one `eslint` process linting the whole app; the time is the process's wall time.
// Runs are interleaved (a, r, b, c, then r, b, c, a, …) so that drift affects every variant alike; the
// table shows medians, b/a and (b − a)/(c − a), and with (r) also b/r: our rule's own cost.
//
//   npm run bench                                   # N = 250, 500, 1000, 2000; 3 runs each
//   node test/bench/run.mjs --sizes 250,2000 --runs 5 --variants a,b
//   node test/bench/run.mjs --variants a,b,b:fix,c --plugin fix=test/bench/.out/plugin-patched/dist/index.js
//                                                   # (b) also with another build of the plugin
//   node test/bench/run.mjs --sizes 250,2000 --variants r,b,b:s3 --plugin s3=b7a400c
//                                                   # … or with the plugin of a git revision, built once
//
// Not part of `npm test`. Results are also written to test/bench/.out/results-<time>.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { generateApp, outRoot, repoRoot } from './generate-app.mjs';

const ESLINT = join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');
const RSS = join(repoRoot, 'test', 'bench', 'rss.cjs');

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const sizes = opt('sizes', '250,500,1000,2000').split(',').map(Number);
const runs = Number(opt('runs', 3));
const variants = opt('variants', 'a,r,b,c').split(',');
/**
 * `b:<label>` runs (b) with the plugin build given by `--plugin <label>=<build>`: label → its entry. A build is
 * a `dist/index.js`, or a git revision of this repository, whose plugin is built once (see buildOfRevision).
 */
export function pluginBuilds(argv) {
  return Object.fromEntries(
    argv.flatMap((a, i) => (a === '--plugin' ? [argv[i + 1].split('=')] : [])).map(([k, v]) => [k, existsSync(resolve(v)) ? resolve(v) : buildOfRevision(v)]),
  );
}

/**
 * The plugin as it was at a git revision (a commit, tag or branch of this repository), for measuring a change
 * against the build before it, or a target against the build it was read from: its `src`, `package.json`
 * and `tsconfig.build.json`, compiled with today's TypeScript into `.out/plugin-<commit>`, where it
 * resolves today's installed dependencies. Built once per commit.
 */
export function buildOfRevision(revision) {
  const PACKAGE = 'packages/eslint-plugin-data-isolation';
  const git = (gitArgs, options = {}) => execFileSync('git', gitArgs, { cwd: repoRoot, maxBuffer: 1 << 30, ...options });
  let commit;
  try {
    commit = git(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    throw new Error(`--plugin: ${revision} is neither a plugin build (a dist/index.js) nor a git revision of this repository`);
  }
  const dir = join(outRoot, `plugin-${commit.slice(0, 7)}`);
  const entry = join(dir, 'dist', 'index.js');
  const stamp = join(dir, '.revision');
  if (existsSync(entry) && existsSync(stamp) && readFileSync(stamp, 'utf8') === commit) return entry;
  console.error(`building the plugin of ${revision} (${commit.slice(0, 7)}) into ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = git(['archive', commit, `${PACKAGE}/src`, `${PACKAGE}/package.json`, `${PACKAGE}/tsconfig.build.json`]);
  execFileSync('tar', ['-x', '--strip-components=2', '-C', dir], { input: archive });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.build.json')], { stdio: 'inherit' });
  writeFileSync(stamp, commit);
  return entry;
}
/** The ESLint config a variant lints with (`b:fix` → `b`). */
export const configOf = (variant) => variant.split(':')[0];
/** The environment that makes a variant run its build of the plugin (none for a plain variant). */
export function variantEnv(variant, builds) {
  const label = variant.split(':')[1];
  if (label === undefined) return {};
  if (!builds[label]) throw new Error(`no --plugin ${label}=<path> for variant ${variant}`);
  return { BENCH_PLUGIN: builds[label] };
}
const plugins = pluginBuilds(args);
const envOf = (variant) => variantEnv(variant, plugins);
/** The variants whose cost is also shown against (r): (t) for reference, and each (b). */
const overR = variants.filter((x) => configOf(x) === 't' || configOf(x) === 'b');
const TARGET_RATIO = 1.1;
const TARGET_SHARE = 0.25;

/** The files one lint of `variant` writes its findings and its CPU time and peak RSS to. */
export function outputsOf(appDir, variant) {
  return { output: join(appDir, `.result-${variant}.json`), rssFile: join(appDir, `.rss-${variant}.json`) };
}

/** The node arguments of one `eslint` process linting the app with `eslint.<config>.config.mjs`. */
export function eslintArgv(config, { output }, nodeArgs = [], eslintArgs = []) {
  return [...nodeArgs, '--require', RSS, ESLINT, '-c', `eslint.${config}.config.mjs`, ...eslintArgs, '--format', 'json', '-o', output, '.'];
}

/** What one lint wrote: CPU time, peak RSS, the findings and their digest. */
export function readResult({ output, rssFile }) {
  const results = JSON.parse(readFileSync(output, 'utf8'));
  const messages = results.flatMap((r) => r.messages);
  const usage = JSON.parse(readFileSync(rssFile, 'utf8'));
  return {
    cpuMs: usage.userMs + usage.systemMs,
    maxRssMiB: usage.maxRssKiB / 1024,
    files: results.length,
    findings: messages.filter((m) => m.ruleId?.startsWith('data-isolation/')).length,
    otherFindings: messages.filter((m) => m.ruleId && !m.ruleId.startsWith('data-isolation/')).length,
    fatal: messages.filter((m) => m.fatal).length,
    // Identifies the exact set of findings, so that builds of the plugin can be checked to agree.
    digest: createHash('sha1')
      .update(results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line}:${m.column}:${m.ruleId}:${m.messageId}`)).sort().join('\n'))
      .digest('hex')
      .slice(0, 12),
  };
}

/** One full lint: wall time, peak RSS, findings. Fails loudly when ESLint itself fails (exit 2). */
export function lintOnce(appDir, config, extraEnv = {}, nodeArgs = [], eslintArgs = []) {
  const variant = config;
  const outputs = outputsOf(appDir, variant);
  rmSync(outputs.output, { force: true });
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, eslintArgv(variant, outputs, nodeArgs, eslintArgs), {
    cwd: appDir,
    encoding: 'utf8',
    env: { ...process.env, ...extraEnv, BENCH_RSS_FILE: outputs.rssFile },
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0 && run.status !== 1) {
    throw new Error(`eslint (${variant}) in ${appDir} exited ${run.status}:\n${run.stderr}\n${run.stdout}`);
  }
  return { ms, ...readResult(outputs), stdout: run.stdout };
}

export const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

const fmt = (ms) => (ms / 1000).toFixed(2);

function main() {
  mkdirSync(outRoot, { recursive: true });
  const started = new Date();
  const rows = [];
  console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${runs} runs per variant\n`);
  for (const size of sizes) {
    const app = generateApp(size);
    console.log(`N=${size}: ${app.linted} files, ${app.queries} queries (${app.unscoped} deliberately unscoped), ${app.models} models`);
    const samples = Object.fromEntries(variants.map((v) => [v, []]));
    for (let r = 0; r < runs; r++) {
      const order = variants.map((_, i) => variants[(i + r) % variants.length]);
      for (const variant of order) {
        const result = lintOnce(app.out, configOf(variant), envOf(variant));
        if (result.fatal > 0) throw new Error(`(${variant}) N=${size}: ${result.fatal} fatal messages`);
        samples[variant].push(result);
        console.log(
          `  run ${r + 1} (${variant}): ${fmt(result.ms)} s wall, ${fmt(result.cpuMs)} s CPU, ${result.maxRssMiB.toFixed(0)} MiB, ` +
            `${result.files} files, ${result.findings} data-isolation findings, ${result.otherFindings} other [${result.digest}]`,
        );
      }
    }
    const bDigests = new Set(variants.filter((v) => configOf(v) === 'b').flatMap((v) => samples[v].map((x) => x.digest)));
    if (bDigests.size > 1) console.log(`  ⚠ the (b) variants disagree on the findings: ${[...bDigests].join(', ')}`);
    const med = Object.fromEntries(variants.map((v) => [v, median(samples[v].map((s) => s.ms))]));
    const cpu = Object.fromEntries(variants.map((v) => [v, median(samples[v].map((s) => s.cpuMs))]));
    const rss = Object.fromEntries(variants.map((v) => [v, median(samples[v].map((s) => s.maxRssMiB))]));
    const row = { size, files: app.linted, queries: app.queries, median: med, cpu, rss, samples };
    row.ratio = {};
    row.share = {};
    row.cpuRatio = {};
    row.cpuShare = {};
    row.overR = {};
    row.cpuOverR = {};
    for (const v of overR) {
      if (med.r) row.overR[v] = med[v] / med.r;
      if (cpu.r) row.cpuOverR[v] = cpu[v] / cpu.r;
    }
    for (const v of variants.filter((x) => configOf(x) === 'b')) {
      if (med.a) row.ratio[v] = med[v] / med.a;
      if (med.a && med.c) row.share[v] = (med[v] - med.a) / (med.c - med.a);
      if (cpu.a) row.cpuRatio[v] = cpu[v] / cpu.a;
      if (cpu.a && cpu.c) row.cpuShare[v] = (cpu[v] - cpu.a) / (cpu.c - cpu.a);
    }
    rows.push(row);
  }

  const file = join(outRoot, `results-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ started, node: process.version, cpus: os.cpus().length, runs, rows }, null, 2)}\n`);

  const bs = variants.filter((x) => configOf(x) === 'b');
  const withR = variants.includes('r');
  const table = (title, key, ratioKey, shareKey, overRKey) => {
    const cols = [
      ...variants.map((v) => `(${v}) s`),
      ...bs.map((v) => `${v}/a (≤ ${TARGET_RATIO.toFixed(2)})`),
      ...bs.map((v) => `(${v}−a)/(c−a) (≤ ${TARGET_SHARE * 100}%)`),
      ...(withR ? ['r/a', ...overR.map((v) => `${v}/r`)] : []),
    ];
    console.log(`\n${title}\n\n| N files | queries | ${cols.join(' | ')} |`);
    console.log(`| ${['N', 'q', ...cols].map(() => '---:').join(' | ')} |`);
    for (const r of rows) {
      const ratio = bs.map((v) => (r[ratioKey][v] === undefined ? '–' : `${r[ratioKey][v].toFixed(3)} ${r[ratioKey][v] <= TARGET_RATIO ? '✅' : '❌'}`));
      const share = bs.map((v) => (r[shareKey][v] === undefined ? '–' : `${(r[shareKey][v] * 100).toFixed(1)}% ${r[shareKey][v] <= TARGET_SHARE ? '✅' : '❌'}`));
      const overRCells = withR ? [(r[key].r / r[key].a).toFixed(3), ...overR.map((v) => r[overRKey][v].toFixed(3))] : [];
      console.log(`| ${r.files} | ${r.queries} | ${[...variants.map((v) => fmt(r[key][v])), ...ratio, ...share, ...overRCells].join(' | ')} |`);
    }
  };
  table(`Wall time, median of ${runs} runs`, 'median', 'ratio', 'share', 'overR');
  table(`CPU time (user + system) of the eslint process, median of ${runs} runs`, 'cpu', 'cpuRatio', 'cpuShare', 'cpuOverR');
  console.log(`\nPeak RSS (MiB, median): ${rows.map((r) => `N=${r.files}: ${variants.map((v) => `${v} ${r.rss[v].toFixed(0)}`).join(', ')}`).join('; ')}`);
  console.log(`\nmedians of ${runs} runs; raw samples in ${file}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();

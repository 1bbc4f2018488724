// Paired runs: two variants (or two builds of the plugin) lint the same generated app at the same time,
// one `eslint` process each, so that the slow and fast phases of a shared machine fall on both alike.
// Sequential runs (run.mjs) drift by ±10–25 % between runs here, more than most changes to the analysis
// are worth; a pair's ratio does not. Each process has a core of its own on a 2-core machine, but the two
// share memory bandwidth and V8's GC helper threads compete, and the shorter one ends first: read the
// ratios against each other, not against run.mjs's absolute times.
//
//   node test/bench/pair.mjs --files 2000 --runs 3 r b           # b/r, each pair at the same time
//   node test/bench/pair.mjs --files 2000 --runs 3 b:old b --plugin old=<another build's dist/index.js>
//   node test/bench/pair.mjs --files 2000 r b --profile          # + a CPU profile of each: main-thread
//                                                                 #   time by package, side by side
//
// Not part of `npm test`.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { generateApp, outRoot, repoRoot } from './generate-app.mjs';
import { analyze } from './profile.mjs';
import { configOf, eslintArgv, median, outputsOf, pluginBuilds, readResult, variantEnv } from './run.mjs';

const OWN_DIST = join(repoRoot, 'packages', 'eslint-plugin-data-isolation', 'dist');

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const size = Number(opt('files', 2000));
const runs = Number(opt('runs', 3));
const profile = args.includes('--profile');
const plugins = pluginBuilds(args);
const valued = new Set(['--files', '--runs', '--plugin']);
const variants = args.filter((a, i) => !a.startsWith('--') && !valued.has(args[i - 1]));
if (variants.length !== 2) {
  console.error('usage: node test/bench/pair.mjs [--files N] [--runs K] [--profile] [--plugin label=<dist/index.js>] <variant> <variant>');
  process.exit(2);
}
// Before anything runs: each `b:<label>` has its build.
for (const v of variants) variantEnv(v, plugins);

/** The plugin build a variant runs, for telling its frames apart in a profile. */
const distOf = (variant) => dirname(variantEnv(variant, plugins).BENCH_PLUGIN ?? join(OWN_DIST, 'index.js')) + sep;

/** One `eslint` process, not waited for: its CPU time, wall time, peak RSS and findings (run.mjs's readResult). */
function lint(appDir, variant, tag, nodeArgs) {
  const outputs = outputsOf(appDir, `pair-${tag}`);
  rmSync(outputs.output, { force: true });
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, eslintArgv(configOf(variant), outputs, nodeArgs), {
    cwd: appDir,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, BENCH_RSS_FILE: outputs.rssFile, ...variantEnv(variant, plugins) },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((done, fail) =>
    child.on('close', (status) => {
      if (status !== 0 && status !== 1) return fail(new Error(`eslint (${variant}) exited ${status}:\n${stderr}`));
      done({ wallMs: Number(process.hrtime.bigint() - started) / 1e6, ...readResult(outputs) });
    }),
  );
}

const app = generateApp(size);
const [first, second] = variants;
const ratios = [];
const wallRatios = [];
console.log(`N=${size}: ${first} and ${second} at the same time, ${runs} pair(s); ratio = ${second}/${first}`);
for (let run = 1; run <= runs; run++) {
  const dirs = variants.map((v, i) => join(outRoot, 'pair-prof', `${i}-${v.replace(':', '-')}`));
  const nodeArgs = (i) => (profile ? ['--cpu-prof', `--cpu-prof-dir=${dirs[i]}`] : []);
  if (profile) dirs.forEach((d) => (rmSync(d, { recursive: true, force: true }), mkdirSync(d, { recursive: true })));
  // Alternate which one starts first.
  const order = run % 2 ? [0, 1] : [1, 0];
  const pending = [];
  for (const i of order) pending[i] = lint(app.out, variants[i], i, nodeArgs(i));
  const [a, b] = await Promise.all(pending);
  ratios.push(b.cpuMs / a.cpuMs);
  wallRatios.push(b.wallMs / a.wallMs);
  const line = (v, r) => `${v} ${(r.cpuMs / 1000).toFixed(2)} s CPU, ${(r.wallMs / 1000).toFixed(2)} s wall, ${r.maxRssMiB.toFixed(0)} MiB, ${r.findings} findings [${r.digest}]`;
  console.log(`  pair ${run}: ${line(first, a)} | ${line(second, b)} | CPU ratio ${ratios.at(-1).toFixed(3)}, wall ${wallRatios.at(-1).toFixed(3)}`);
  if (profile) {
    const analyses = variants.map((v, i) => {
      const [file] = readdirSync(dirs[i]).filter((f) => f.endsWith('.cpuprofile'));
      const dist = distOf(v);
      return analyze(JSON.parse(readFileSync(join(dirs[i], file), 'utf8')), { pluginMatcher: (url) => url.includes(dist), top: 1e9 });
    });
    const ms = (us) => `${((us ?? 0) / 1000).toFixed(0).padStart(7)}`;
    // profile.mjs names the repository's own build `data-isolation`; another build's files by their URL.
    const byCat = analyses.map((x, i) => {
      const dist = distOf(variants[i]);
      const merged = new Map();
      for (const [c, us] of x.selfByCategory) {
        const k = c.includes(dist) ? 'data-isolation' : c;
        merged.set(k, (merged.get(k) ?? 0) + us);
      }
      return merged;
    });
    const cats = [...new Set(byCat.flatMap((m) => [...m.keys()]))].sort((x, y) => (byCat[1].get(y) ?? 0) - (byCat[1].get(x) ?? 0));
    console.log(`    main-thread samples, ms: ${first} ${ms(analyses[0].total).trim()}, ${second} ${ms(analyses[1].total).trim()}; under the plugin's frames: ${ms(analyses[0].underPlugin).trim()} and ${ms(analyses[1].underPlugin).trim()}`);
    console.log(`    self time by package  ${first.padStart(7)} ${second.padStart(7)}    diff`);
    for (const c of cats.slice(0, 12)) {
      const [x, y] = byCat.map((m) => m.get(c) ?? 0);
      console.log(`    ${c.padEnd(21).slice(0, 21)} ${ms(x)} ${ms(y)} ${ms(y - x)}`);
    }
  }
}
console.log(`median ${second}/${first}: CPU ${median(ratios).toFixed(3)}, wall ${median(wallRatios).toFixed(3)}`);

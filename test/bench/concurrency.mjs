// ESLint's multithreaded linting on the generated app: the real ESLint CLI with the plugin's
// `recommended` (variant (b) of run.mjs) and `--concurrency=off`, `auto` and explicit thread counts.
// Each worker thread loads the config and the plugin and builds its own TypeScript program (typescript-
// eslint's project service is per thread), so the type-checking work that one thread does once is
// repeated per thread: the wall time falls only as far as the per-file work can be shared out, and the
// peak memory (one process: the workers' heaps are in it) grows with each thread.
// Runs are interleaved (off, auto, 2, … then auto, 2, …, off) so drift affects each mode alike; every
// mode must produce the same findings (digest), or the script fails.
//
//   npm run bench:concurrency                       # N = 2000; off, auto, 2, 4; 3 runs each
//   node test/bench/concurrency.mjs --sizes 500,2000 --modes off,2 --runs 5
//
// Not part of `npm test`. Results are also written to test/bench/.out/concurrency-<time>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { generateApp, outRoot } from './generate-app.mjs';
import { lintOnce, median } from './run.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const sizes = opt('sizes', '2000').split(',').map(Number);
const modes = opt('modes', 'off,auto,2,4').split(',');
const runs = Number(opt('runs', 3));
const fmt = (ms) => (ms / 1000).toFixed(2);

mkdirSync(outRoot, { recursive: true });
const started = new Date();
const cores = os.availableParallelism?.() ?? os.cpus().length;
console.log(`node ${process.version}, ${cores} cores (auto = ${Math.max(1, Math.floor(cores / 2))} thread(s)), ${runs} runs per mode\n`);
const rows = [];
for (const size of sizes) {
  const app = generateApp(size);
  console.log(`N=${size}: ${app.linted} files, ${app.queries} queries (${app.unscoped} deliberately unscoped)`);
  const samples = Object.fromEntries(modes.map((m) => [m, []]));
  for (let r = 0; r < runs; r++) {
    for (const mode of modes.map((_, i) => modes[(i + r) % modes.length])) {
      const result = lintOnce(app.out, 'b', {}, [], [`--concurrency=${mode}`]);
      if (result.fatal > 0) throw new Error(`--concurrency=${mode} N=${size}: ${result.fatal} fatal messages`);
      samples[mode].push(result);
      console.log(
        `  run ${r + 1} (--concurrency=${mode}): ${fmt(result.ms)} s wall, ${fmt(result.cpuMs)} s CPU, ` +
          `${result.maxRssMiB.toFixed(0)} MiB peak RSS, ${result.findings} findings [${result.digest}]`,
      );
    }
  }
  const digests = new Set(modes.flatMap((m) => samples[m].map((s) => s.digest)));
  if (digests.size > 1) throw new Error(`N=${size}: the modes disagree on the findings (${[...digests].join(', ')})`);
  const med = (m, k) => median(samples[m].map((s) => s[k]));
  rows.push({
    size,
    files: app.linted,
    modes: Object.fromEntries(modes.map((m) => [m, { ms: med(m, 'ms'), cpuMs: med(m, 'cpuMs'), maxRssMiB: med(m, 'maxRssMiB') }])),
    samples,
  });
}
const file = join(outRoot, `concurrency-${started.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify({ started, node: process.version, cores, runs, rows }, null, 2)}\n`);

console.log(`\n| N files | --concurrency | wall s | vs off | CPU s | peak RSS MiB | vs off |\n| ---: | :--- | ---: | ---: | ---: | ---: | ---: |`);
for (const r of rows) {
  const off = r.modes.off ?? r.modes[modes[0]];
  for (const m of modes) {
    const x = r.modes[m];
    console.log(
      `| ${r.files} | ${m} | ${fmt(x.ms)} | ${(x.ms / off.ms).toFixed(2)}× | ${fmt(x.cpuMs)} | ${x.maxRssMiB.toFixed(0)} | ${(x.maxRssMiB / off.maxRssMiB).toFixed(2)}× |`,
    );
  }
}
console.log(`\nmedians of ${runs} runs; raw samples in ${file}`);

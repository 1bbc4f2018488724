// The full corpus robustness run (on demand; `npm test` lints a subset in test/robustness/corpus.test.mjs):
// every installed package in FULL_CORPUS that ships .ts sources, copied into a typed project with a
// schema that makes common names owner-scoped, linted file by file with the real ESLint API and the
// plugin's `recommended` config. Prints files, lines, time, crashes, parse errors and the slowest
// files; writes the summary to test/bench/.out/corpus-<time>.json.
//
//   node test/bench/corpus.mjs [--keep]          # --keep leaves the project in .tmp/ for a look
//   ROBUSTNESS_PLUGIN=/path/to/dist/index.js node test/bench/corpus.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FULL_CORPUS, buildCorpus, linesOf } from '../robustness/corpus.mjs';
import { RULE, crashes, fatals, lintInWorker, makeTempDir, removeDir } from '../robustness/lib.mjs';
import { outRoot } from './generate-app.mjs';

const dir = makeTempDir('bench-corpus');
try {
  const files = buildCorpus(dir, FULL_CORPUS);
  const { lines, bytes } = linesOf(dir, files);
  console.log(`corpus: ${files.length} files, ${lines} lines, ${(bytes / 1e6).toFixed(1)} MB from ${FULL_CORPUS.map((p) => p.name).join(', ')}`);
  const report = await lintInWorker({ cwd: dir, configFile: 'eslint.config.mjs', files, fileTimeoutMs: 120_000, firstFileTimeoutMs: 600_000 });
  const perPackage = {};
  for (const f of report.files) {
    const name = f.file.split('/')[1].replace('__', '/');
    const p = (perPackage[name] ??= { files: 0, ms: 0, findings: 0, crashes: 0, fatal: 0 });
    p.files++;
    p.ms += f.ms;
    p.findings += (f.messages ?? []).filter((m) => m.ruleId === RULE).length;
    p.crashes += f.crash ? 1 : 0;
    p.fatal += (f.messages ?? []).filter((m) => m.fatal).length;
  }
  const summary = {
    files: files.length,
    lines,
    seconds: report.ms / 1000,
    hung: report.hung ?? null,
    crashes: crashes(report),
    fatal: fatals(report).map((m) => `${m.file}:${m.line}: ${m.message}`),
    findings: report.files.flatMap((f) => (f.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => `${f.file}:${m.line} ${m.messageId}`)),
    slowest: [...report.files].sort((a, b) => b.ms - a.ms).slice(0, 5).map((f) => `${f.file} ${f.ms.toFixed(0)} ms`),
    perPackage,
  };
  console.log(`\n| package | files | time (s) | rule findings | crashes | parse errors |\n| --- | ---: | ---: | ---: | ---: | ---: |`);
  for (const [name, p] of Object.entries(perPackage)) {
    console.log(`| ${name} | ${p.files} | ${(p.ms / 1000).toFixed(1)} | ${p.findings} | ${p.crashes} | ${p.fatal} |`);
  }
  console.log(`\ntotal ${summary.seconds.toFixed(1)} s (the first file includes building the program); hung: ${summary.hung ?? 'none'}`);
  console.log(`crashes: ${summary.crashes.length}${summary.crashes.length ? `\n  ${summary.crashes.join('\n  ')}` : ''}`);
  console.log(`parse errors: ${summary.fatal.length}${summary.fatal.length ? `\n  ${summary.fatal.slice(0, 20).join('\n  ')}` : ''}`);
  console.log(`rule findings (untyped name matches): ${summary.findings.length}${summary.findings.length ? `\n  ${summary.findings.slice(0, 20).join('\n  ')}` : ''}`);
  console.log(`slowest: ${summary.slowest.join(', ')}`);
  mkdirSync(outRoot, { recursive: true });
  const file = join(outRoot, `corpus-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`summary: ${file}`);
  if (summary.crashes.length > 0 || summary.hung) process.exitCode = 1;
} finally {
  if (!process.argv.includes('--keep')) removeDir(dir);
}

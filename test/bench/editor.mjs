// The editor-path benchmark: the language server over stdio, as an editor runs it
// (test/vscode/lsp-client.mjs), on a generated app of N files. The server first lints the whole
// workspace once (`dataIsolation/scanWorkspace`); then one file (or --spread K files, in turn) is
// edited --edits times: even edits put a comment line at the top and drop the owner/tenant filter of one
// query (one more finding, every other one a line lower), odd edits restore the file. Each edit's
// time is from sending didChange to the publishDiagnostics of that document version, and each
// published result is checked against the text. One phase of edits per debounce setting, by default
// the server's default debounce (its time included, and also shown subtracted), then `debounce: 0`.
// Memory: peak and current RSS of the server process (VmHWM, VmRSS) and its JS heap
// (test/robustness/heap-probe.cjs).
//
//   npm run bench:editor                              # N = 2,000, 200 edits per phase
//   node test/bench/editor.mjs --files 250 --edits 100 --spread 5
//   node test/bench/editor.mjs --phases 0,default,0   # debounce per phase: `default` or milliseconds
//   node test/bench/editor.mjs --warm-up 0            # edits before the phases, not in them (20)
//   node test/bench/editor.mjs --no-scan              # only open the edited files (no workspace scan)
//   node test/bench/editor.mjs --restricted           # the bundled engine (Restricted Mode)
//   node test/bench/editor.mjs --cpu-prof             # also profile the server; summarised per phase
//   node test/bench/editor.mjs --server-arg --max-old-space-size=1536  # a node option for the server (after the
//                                                                      # extension's default heap limit, so it wins)
//
// Trusted (the default): the app gets an eslint.config.mjs that is its (b) config, so the server
// uses the workspace's ESLint and config, as it does for a project with its own config.
// Not part of `npm test`. Results are also written to test/bench/.out/editor-<time>.json.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join, relative } from 'node:path';
import { HEAP_PROBE, heapSnapshot, residentMemory } from '../robustness/lib.mjs';
import { startClient } from '../vscode/lsp-client.mjs';
import { generateApp, outRoot } from './generate-app.mjs';
import { median } from './run.mjs';
import { analyze, printAnalysis } from './profile.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const size = Number(opt('files', 2000));
const edits = Number(opt('edits', 200));
const spread = Number(opt('spread', 1));
const restricted = args.includes('--restricted');
const cpuProf = args.includes('--cpu-prof');
const scanFirst = !args.includes('--no-scan');
const phasePlan = opt('phases', 'default,0').split(',');
const warmUpEdits = Number(opt('warm-up', 20));
// As the VS Code extension starts it: with the heap limit of `dataIsolation.server.maxMemory`'s default.
const extensionManifest = JSON.parse(readFileSync(new URL('../../packages/vscode-extension/package.json', import.meta.url), 'utf8'));
const maxMemory = extensionManifest.contributes.configuration.properties['dataIsolation.server.maxMemory'].default;
const serverArgs = [`--max-old-space-size=${maxMemory}`, ...args.flatMap((a, i) => (a === '--server-arg' ? [args[i + 1]] : []))];
const TARGET_P95_MS = 150;
const TARGET_MIB = 1024;
const EDIT_TIMEOUT_MS = 120_000;
const SCAN_TIMEOUT_MS = 30 * 60_000;

const { DEFAULT_SETTINGS } = createRequire(import.meta.url)('data-isolation-language-server/dist/protocol.js');
const started = new Date();
const stamp = started.toISOString().replace(/[:.]/g, '-');
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const mib = (bytes) => bytes / 2 ** 20;
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
/** CPU time (user + system, all threads: V8's GC helpers too) the process `pid` has used, in ms (Linux clock ticks of 10 ms). */
const cpuMsOf = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};

const app = generateApp(size);
writeFileSync(join(app.out, 'eslint.config.mjs'), "// The editor benchmark's workspace config: (b).\nexport { default } from './eslint.b.config.mjs';\n");
const profDir = join(outRoot, 'prof', `editor-${size}-${stamp}`);
if (cpuProf) mkdirSync(profDir, { recursive: true });
const heapFile = join(outRoot, `.heap-editor-${process.pid}.json`);
rmSync(heapFile, { force: true });

console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; load average ${load()}`);
if (serverArgs.length) console.log(`server node options: ${serverArgs.join(' ')}`);
console.log(`N=${size}: ${app.linted} files, ${app.queries} queries (${app.unscoped} deliberately unscoped); ${restricted ? 'Restricted Mode (bundled engine)' : 'trusted (workspace ESLint and config)'}`);

// The settings the server pulls with workspace/configuration: each phase sets its debounce.
const settings = {};
const client = await startClient({
  root: app.out,
  trusted: !restricted,
  settings,
  nodeArgs: [...serverArgs, '--expose-gc', '--require', HEAP_PROBE, ...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [])],
  env: { HEAP_PROBE_FILE: heapFile },
});
const pid = client.child.pid;
const problems = [];
client.events.on('log', (p) => {
  if (p.type <= 2) problems.push(p.message);
});

/** Resolves with the time (performance.now()) the diagnostics of `uri` at `version` arrive. */
function published(uri, version) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.events.off('diagnostics', listener);
      reject(new Error(`no diagnostics for ${uri} v${version} within ${EDIT_TIMEOUT_MS} ms`));
    }, EDIT_TIMEOUT_MS);
    const listener = (p) => {
      if (p.uri !== uri || p.version !== version) return;
      const at = performance.now();
      clearTimeout(timer);
      client.events.off('diagnostics', listener);
      resolve({ at, diagnostics: p.diagnostics });
    };
    client.events.on('diagnostics', listener);
  });
}

// 1. The workspace, linted once.
let scanMs;
let scanCpuMs;
let unscoped;
if (scanFirst) {
  const scanStarted = performance.now();
  const cpuBefore = cpuMsOf(pid);
  const scan = await Promise.race([
    client.connection.sendRequest('dataIsolation/scanWorkspace'),
    new Promise((_, reject) => setTimeout(() => reject(new Error('the workspace scan did not finish')), SCAN_TIMEOUT_MS).unref()),
  ]);
  scanMs = performance.now() - scanStarted;
  scanCpuMs = cpuMsOf(pid) - cpuBefore;
  unscoped = scan.queries.filter((q) => q.status === 'unscoped');
  assert.equal(unscoped.length, app.unscoped, 'the scan finds exactly the deliberately unscoped queries');
}

// 2. The edited files: service files of modules spread over the app, opened as an editor does.
const modules = readdirSync(join(app.out, 'src/modules')).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
const edited = [];
for (let k = 0; k < spread; k++) {
  // The first service file from an evenly spaced module on that has a query to unscope.
  let m = Math.floor(((k + 0.5) * modules.length) / spread);
  let file;
  let lines;
  let targets = [];
  for (; targets.length === 0; m++) {
    assert.ok(m < modules.length, 'no service file with a query to unscope');
    const dir = join(app.out, 'src/modules', modules[m]);
    file = relative(app.out, join(dir, readdirSync(dir).find((f) => f.endsWith('.service.ts'))));
    lines = readFileSync(join(app.out, file), 'utf8').split('\n');
    // Queries filtered by id and an owner/tenant: dropping the latter makes them unscoped.
    targets = lines.flatMap((line, i) => (unscope(line) ? [i] : []));
  }
  const text = lines.join('\n');
  const uri = client.uri(file);
  const opened = published(uri, 1);
  await client.open(file);
  const base = (await opened).diagnostics;
  if (unscoped) {
    const fromScan = unscoped.filter((q) => q.uri === uri).map((q) => q.range.start.line).sort((x, y) => x - y);
    assert.deepEqual(base.map((d) => d.range.start.line).sort((x, y) => x - y), fromScan, `${file}: the open document agrees with the scan`);
  }
  edited.push({ file, uri, text, lines, targets, base, version: 1, count: 0 });
}
const ready = { load: load(), ...residentMemory(pid), heap: await heapSnapshot(pid, heapFile) };
console.log(
  (scanFirst ? `\nworkspace scan: ${(scanMs / 1000).toFixed(1)} s (${(scanCpuMs / 1000).toFixed(1)} s CPU), ${client.progress.at(-1)?.total} files, ${unscoped.length} unscoped findings (as generated). ` : '\nno workspace scan. ') +
    `Before the edits: RSS ${ready.currentMiB.toFixed(0)} MiB, peak ${ready.peakMiB.toFixed(0)} MiB, ` +
    `heap ${mib(ready.heap.before.heapUsed).toFixed(0)} MiB (${mib(ready.heap.after.heapUsed).toFixed(0)} MiB after GC); load ${ready.load}`,
);
console.log(`edited: ${edited.map((e) => `${e.file} (${e.base.length} findings, ${e.targets.length} queries to unscope)`).join(', ')}`);

/** `line` with its `where: { id, <owner/tenant filter> }` reduced to `where: { id }`, or undefined. */
function unscope(line) {
  const start = line.indexOf('where: { id, ');
  if (start === -1) return undefined;
  let depth = 0;
  for (let i = start + 'where: '.length; i < line.length; i++) {
    if (line[i] === '{') depth++;
    else if (line[i] === '}' && --depth === 0) {
      const filter = line.slice(start, i + 1);
      return filter.includes('session.user.') ? `${line.slice(0, start)}where: { id }${line.slice(i + 1)}` : undefined;
    }
  }
  return undefined;
}

/** The next edit of `e`, and a check of its published diagnostics. */
function nextEdit(e) {
  const k = e.count++;
  const key = (d) => `${d.range.start.line}:${d.range.start.character}:${d.code}:${d.message}`;
  if (k % 2 === 1) {
    return { text: e.text, check: (diagnostics) => assert.deepEqual(diagnostics.map(key), e.base.map(key), `${e.file} restored`) };
  }
  const target = e.targets[(k / 2) % e.targets.length];
  const lines = e.lines.map((line, i) => (i === target ? unscope(line) : line));
  return {
    text: `// edit ${k}\n${lines.join('\n')}`,
    check: (diagnostics) => {
      const others = diagnostics.filter((d) => d.range.start.line !== target + 1);
      assert.deepEqual(others.map(key), e.base.map((d) => key({ ...d, range: { start: { ...d.range.start, line: d.range.start.line + 1 } } })), `${e.file} edit ${k}`);
      assert.ok(diagnostics.length > others.length, `${e.file} edit ${k}: the unscoped query on line ${target + 2} is not reported`);
    },
  };
}

/** `edits` edits, each awaited, with `debounce` (`default`: the server's): the times from didChange to its diagnostics. */
async function phase(which, count = edits, label = '') {
  const debounce = which === 'default' ? DEFAULT_SETTINGS.debounce : Number(which);
  const name = `${label}debounce ${debounce} ms${which === 'default' ? ' (default)' : ''}`;
  if (settings.debounce !== (which === 'default' ? undefined : debounce)) {
    if (which === 'default') delete settings.debounce;
    else settings.debounce = debounce;
    const relinted = edited.map((e) => published(e.uri, e.version));
    await client.connection.sendNotification(client.lsp.DidChangeConfigurationNotification.type, { settings: null });
    await Promise.all(relinted);
  }
  const from = nowUs();
  const cpuBefore = cpuMsOf(pid);
  const loadBefore = load();
  const times = [];
  for (let i = 0; i < count; i++) {
    const e = edited[i % edited.length];
    const { text, check } = nextEdit(e);
    e.version++;
    const arrival = published(e.uri, e.version);
    const sent = performance.now();
    assert.equal(await client.change(e.file, text), e.version);
    const { at, diagnostics } = await arrival;
    times.push(at - sent);
    check(diagnostics);
  }
  const sorted = [...times].sort((x, y) => x - y);
  const p = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const cpuPerEdit = (cpuMsOf(pid) - cpuBefore) / count;
  const result = { name, debounce, edits: count, cpuPerEdit, p50: median(times), p95: p(0.95), max: sorted.at(-1), min: sorted[0], first: times[0], times, from, to: nowUs(), load: [loadBefore, load()] };
  console.log(
    `\n${name}: p50 ${result.p50.toFixed(0)} ms, p95 ${result.p95.toFixed(0)} ms, max ${result.max.toFixed(0)} ms ` +
      `(min ${result.min.toFixed(0)}, first ${result.first.toFixed(0)}) over ${count} edits; server CPU ${cpuPerEdit.toFixed(0)} ms per edit; ` +
      (debounce ? `without the debounce: p50 ${(result.p50 - debounce).toFixed(0)} ms, p95 ${(result.p95 - debounce).toFixed(0)} ms, max ${(result.max - debounce).toFixed(0)} ms; ` : '') +
      `load ${result.load.join(' → ')}`,
  );
  return result;
}

// 3. The edits.
const phases = [];
// The first edits after opening (and after a scan) are slower: reported, not part of the phases.
const warmUp = warmUpEdits > 0 ? await phase(phasePlan[0], warmUpEdits, 'warm-up, ') : undefined;
for (const which of phasePlan) phases.push(await phase(which));

const end = { load: load(), ...residentMemory(pid), heap: await heapSnapshot(pid, heapFile) };
assert.equal(client.child.exitCode, null, 'the server exited');
assert.deepEqual(problems, [], 'the server logged errors or warnings');
await client.stop();
rmSync(heapFile, { force: true });

const fmt = (x) => x.toFixed(0);
const ok = (good) => (good ? '✅' : '❌');
console.log(`\nN=${size}, ${edits} edits per phase of ${edited.length} file(s); ${restricted ? 'bundled engine' : 'workspace engine'}; ${scanFirst ? 'after a workspace scan' : 'no workspace scan'}; node ${process.version}`);
console.log('\n| phase | p50 ms | p95 ms | max ms | p95 − debounce (≤ 150 ms) | server CPU ms per edit | load average |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
for (const r of [warmUp, ...phases].filter(Boolean)) {
  console.log(`| ${r.name} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.max)} | ${fmt(r.p95 - r.debounce)} ${ok(r.p95 - r.debounce <= TARGET_P95_MS)} | ${fmt(r.cpuPerEdit)} | ${r.load.join(' → ')} |`);
}
console.log(
  `\nserver memory: peak RSS ${fmt(end.peakMiB)} MiB ${ok(end.peakMiB <= TARGET_MIB)} (≤ ${TARGET_MIB}), current RSS ${fmt(end.currentMiB)} MiB; ` +
    `JS heap used ${fmt(mib(end.heap.before.heapUsed))} MiB (${fmt(mib(end.heap.after.heapUsed))} MiB after GC), heap total ${fmt(mib(end.heap.before.heapTotal))} MiB; ` +
    `before the edits: peak RSS ${fmt(ready.peakMiB)}, current ${fmt(ready.currentMiB)} MiB` +
    (scanFirst ? `; workspace scan ${(scanMs / 1000).toFixed(1)} s, ${(scanCpuMs / 1000).toFixed(1)} s CPU` : ''),
);

const file = join(outRoot, `editor-${stamp}.json`);
writeFileSync(
  file,
  `${JSON.stringify({ started, node: process.version, serverArgs, size, edits, spread, restricted, scanFirst, load: end.load, scanMs, scanCpuMs, ready, end, edited: edited.map((e) => e.file), warmUp, phases }, null, 2)}\n`,
);
console.log(`\nresults: ${file}`);

if (cpuProf) {
  const [profileFile] = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
  const profile = JSON.parse(readFileSync(join(profDir, profileFile), 'utf8'));
  console.log(`\nprofile: ${join(profDir, profileFile)}`);
  for (const r of phases) {
    console.log(`\n--- ${r.name}: the server's samples while its edits ran ---`);
    const part = between(profile, r.from, r.to);
    printAnalysis(analyze(part));
    console.log('\nfunctions by inclusive time (each sample counted once per function):');
    for (const [name, us, share] of inclusive(part)) console.log(`  ${(us / 1000).toFixed(0).padStart(7)} ms ${(share * 100).toFixed(1).padStart(5)}%  ${name}`);
  }
}

/** The functions under which most of the samples ran, outermost frames (the event loop) excluded. */
function inclusive(profile, top = Number(process.env.PROFILE_TOP ?? 40)) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const totals = new Map();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i + 1] ?? 0;
    total += us;
    const seen = new Set();
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id).callFrame;
      if (!f.url || f.url.startsWith('node:')) continue;
      const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
      if (seen.has(name)) continue;
      seen.add(name);
      totals.set(name, (totals.get(name) ?? 0) + us);
    }
  }
  return [...totals].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => [name, us, us / total]);
}

/** The profile's samples between two times (µs of the monotonic clock, which V8's profiler also uses). */
function between(profile, from, to) {
  const samples = [];
  const timeDeltas = [0];
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t >= from && t <= to) {
      samples.push(profile.samples[i]);
      timeDeltas.push(profile.timeDeltas[i + 1] ?? 0);
    }
  }
  return { ...profile, samples, timeDeltas };
}

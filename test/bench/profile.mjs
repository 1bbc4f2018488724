// Profiles variant (b) on a generated app: ESLint's TIMING=1 per-rule times, and a V8 CPU profile
// (`node --cpu-prof`) summarised by where the time goes — in total, and under the rule's own frames
// (inclusive of the TypeScript checker calls it makes).
//
//   node test/bench/profile.mjs [--files 2000] [--variant b]
//   node test/bench/profile.mjs --analyze path/to/file.cpuprofile
//   BENCH_PLUGIN=/path/to/dist/index.js node test/bench/profile.mjs      # another build of the plugin
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, sep } from 'node:path';
import { generateApp, outRoot } from './generate-app.mjs';
import { lintOnce } from './run.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};

const PLUGIN_MARK = `${sep}eslint-plugin-data-isolation${sep}dist${sep}`;

/** Which part of the toolchain a frame belongs to. */
function category(url, functionName = '') {
  if (!url) return ['(garbage collector)', '(idle)', '(program)'].includes(functionName) ? functionName : '(native)';
  if (url.includes(PLUGIN_MARK) || url.includes('BENCH_PLUGIN') || url.includes('/plugin-patched/')) return 'data-isolation';
  if (/node_modules\/typescript\/lib\/typescript\.js/.test(url)) return 'typescript';
  const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m) return m[1];
  if (url.startsWith('node:')) return 'node';
  return url;
}

export function analyze(profile, { pluginMatcher = (url) => category(url) === 'data-isolation', top = Number(process.env.PROFILE_TOP ?? 12) } = {}) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const weight = new Map(); // node id → µs of samples whose leaf is that node
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    weight.set(profile.samples[i], (weight.get(profile.samples[i]) ?? 0) + dt);
  }
  const key = (f) => `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
  let total = 0;
  let underPlugin = 0;
  const selfByCategory = new Map();
  const pluginInclusive = new Map(); // plugin function → µs (each sample counted once per function)
  const underPluginByCategory = new Map(); // leaf category of samples under a plugin frame
  const underPluginTs = new Map(); // TypeScript functions (self) under plugin frames
  const entryInclusive = new Map(); // the outermost plugin frame's caller-visible entry
  for (const [leafId, us] of weight) {
    total += us;
    const leaf = byId.get(leafId);
    const leafCat = category(leaf.callFrame.url, leaf.callFrame.functionName);
    selfByCategory.set(leafCat, (selfByCategory.get(leafCat) ?? 0) + us);
    const seen = new Set();
    let outermost;
    for (let id = leafId; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id).callFrame;
      if (pluginMatcher(f.url)) {
        const k = key(f);
        if (!seen.has(k)) {
          seen.add(k);
          pluginInclusive.set(k, (pluginInclusive.get(k) ?? 0) + us);
        }
        outermost = k;
      }
    }
    if (seen.size > 0) {
      underPlugin += us;
      underPluginByCategory.set(leafCat, (underPluginByCategory.get(leafCat) ?? 0) + us);
      entryInclusive.set(outermost, (entryInclusive.get(outermost) ?? 0) + us);
      if (leafCat === 'typescript') {
        const k = key(leaf.callFrame);
        underPluginTs.set(k, (underPluginTs.get(k) ?? 0) + us);
      }
    }
  }
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { total, underPlugin, selfByCategory: sorted(selfByCategory), pluginInclusive: sorted(pluginInclusive), underPluginByCategory: sorted(underPluginByCategory), underPluginTs: sorted(underPluginTs), entryInclusive: sorted(entryInclusive) };
}

export function printAnalysis(a) {
  const ms = (us) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
  const pct = (us, of) => `${((100 * us) / of).toFixed(1).padStart(5)}%`;
  console.log(`sampled CPU time: ${ms(a.total)}; under data-isolation frames (inclusive): ${ms(a.underPlugin)} (${pct(a.underPlugin, a.total)})`);
  console.log('\nself time by package (whole run):');
  for (const [k, us] of a.selfByCategory) console.log(`  ${ms(us)} ${pct(us, a.total)}  ${k}`);
  console.log('\nunder data-isolation frames, self time by package:');
  for (const [k, us] of a.underPluginByCategory) console.log(`  ${ms(us)} ${pct(us, a.underPlugin)}  ${k}`);
  console.log('\ndata-isolation functions, inclusive:');
  for (const [k, us] of a.pluginInclusive) console.log(`  ${ms(us)} ${pct(us, a.underPlugin)}  ${k}`);
  console.log('\nTypeScript functions called (transitively) by data-isolation, self time:');
  for (const [k, us] of a.underPluginTs) console.log(`  ${ms(us)} ${pct(us, a.underPlugin)}  ${k}`);
}

function main() {
  const file = opt('analyze', undefined);
  if (file) {
    printAnalysis(analyze(JSON.parse(readFileSync(file, 'utf8'))));
    return;
  }
  const size = Number(opt('files', 2000));
  const variant = opt('variant', 'b');
  const app = generateApp(size);
  const dir = join(outRoot, 'prof', `${variant}-${size}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const result = lintOnce(app.out, variant, { TIMING: '10' }, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  console.log(`(${variant}) N=${size}: ${(result.ms / 1000).toFixed(2)} s under the profiler, ${result.findings} findings\n`);
  console.log(`TIMING=10:\n${result.stdout}`);
  const [profileFile] = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  console.log(`profile: ${join(dir, profileFile)}\n`);
  printAnalysis(analyze(JSON.parse(readFileSync(join(dir, profileFile), 'utf8'))));
}

if (import.meta.url === `file://${process.argv[1]}`) main();

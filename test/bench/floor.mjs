// Decomposes the cost of (b) on a generated app: how much any type-aware rule pays before doing
// anything (creating the type checker, which binds every file of the program), and how much finding
// the queries costs (the type of each `x.model.findMany` receiver), next to (a) and (b). CPU time of
// the eslint process, median of --runs (default 3).
//
//   node test/bench/floor.mjs [--files 500] [--runs 3]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateApp } from './generate-app.mjs';
import { lintOnce, median } from './run.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const size = Number(opt('files', 500));
const runs = Number(opt('runs', 3));
const app = generateApp(size);

const probe = (body) => `import base, { files } from './eslint.base.mjs';
const OPERATIONS = new Set(['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'count', 'aggregate', 'groupBy', 'update', 'updateMany', 'updateManyAndReturn', 'delete', 'deleteMany', 'upsert']);
const rule = { meta: { type: 'problem', schema: [] }, create(context) {
  const services = context.sourceCode.parserServices;
  const checker = services.program.getTypeChecker();
  ${body}
} };
export default [...base, { files, plugins: { probe: { rules: { probe: rule } } }, rules: { 'probe/probe': 'error' } }];
`;
writeFileSync(join(app.out, 'eslint.checker.config.mjs'), probe('return {};'));
writeFileSync(
  join(app.out, 'eslint.receivers.config.mjs'),
  probe(`return {
    CallExpression(node) {
      const callee = node.callee;
      if (callee.type !== 'MemberExpression' || callee.computed || !OPERATIONS.has(callee.property.name)) return;
      checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(callee.object));
    },
  };`),
);

const variants = ['a', 'checker', 'receivers', 'b'];
const samples = Object.fromEntries(variants.map((v) => [v, []]));
for (let r = 0; r < runs; r++) {
  for (const v of variants.map((_, i) => variants[(i + r) % variants.length])) {
    const result = lintOnce(app.out, v);
    samples[v].push(result.cpuMs);
    console.log(`run ${r + 1} (${v}): ${(result.cpuMs / 1000).toFixed(2)} s CPU, ${(result.ms / 1000).toFixed(2)} s wall`);
  }
}
const med = Object.fromEntries(variants.map((v) => [v, median(samples[v])]));
console.log(`\nN=${size}, CPU medians of ${runs}: ${variants.map((v) => `${v} ${(med[v] / 1000).toFixed(2)} s (${((med[v] / med.a - 1) * 100).toFixed(0)}% over a)`).join(', ')}`);

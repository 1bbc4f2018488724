// The language server under 1,000 rapid edits: the real server over stdio (test/vscode/lsp-client.mjs),
// a typed project with a real generated Prisma Client, edits that type queries character by character
// (so most intermediate texts do not parse), toggle their scope and delete them, in four files, sent
// without waiting for diagnostics; hovers and code actions in between. Then: no crash and no error
// logged, the final diagnostics exactly those of the final text, requests still answered, and the
// server's JS heap after full GCs within 10% of what it was after the first 50 edits.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { rng } from '../bench/generate-app.mjs';
import { startClient, until } from '../vscode/lsp-client.mjs';
import { SCHEMA } from './hostile-cases.mjs';
import { HEAP_PROBE, RULE, TSCONFIG, generateClient, heapSnapshot, makeTempDir, removeDir, writeFiles } from './lib.mjs';

const EDITS = 1000;
const WARM_UP = 50;
/** A request every this many edits: what an editor sends while one types (and what paces the edits). */
const REQUEST_EVERY = 10;
/** No answer for this long means the server hangs (generous for a loaded 2-core machine). */
const SILENCE_MS = 60_000;
/** The first lint starts the project service and checks the generated client's types. */
const FIRST_LINT_MS = 180_000;
const FILES = ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts'];

const HEADER = [
  "import { PrismaClient } from './generated/prisma/client';",
  '',
  'declare const prisma: PrismaClient;',
  'declare const session: { user: { id: string; clinicId: string } };',
  'declare const id: string;',
  '',
];

/** Query lines, scoped and unscoped, with the message id the rule gives the unscoped one. */
const QUERIES = [
  {
    unscoped: (n) => `export const q${n} = () => prisma.consultation.findFirst({ where: { id } });`,
    scoped: (n) => `export const q${n} = () => prisma.consultation.findFirst({ where: { id, patientId: session.user.id } });`,
    messageId: 'missingOwnerScope',
    model: 'Consultation',
  },
  {
    unscoped: (n) => `export const q${n} = () => prisma.recording.findMany({ where: { consultationId: id } });`,
    scoped: (n) => `export const q${n} = () => prisma.recording.findMany({ where: { consultationId: id, consultation: { patientId: session.user.id } } });`,
    messageId: 'missingOwnerScope',
    model: 'Recording',
  },
  {
    unscoped: (n) => `export const q${n} = () => prisma.invoice.findMany({ where: { amount: 1 } });`,
    scoped: (n) => `export const q${n} = () => prisma.invoice.findMany({ where: { clinicId: session.user.clinicId, amount: 1 } });`,
    messageId: 'missingTenantScope',
    model: 'Invoice',
  },
];

/**
 * The edit script: `EDITS` steps `{ file, text }` (the file's whole new text), deterministic. Each file
 * is its header and a body of query lines; a step types the next 1–8 characters of a new line at some
 * position, or toggles a line between scoped and unscoped, or deletes one. In the last 100 steps no
 * new line is started, so that every file parses at the end.
 */
function editScript() {
  const random = rng(20261124);
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  let counter = 0;
  const line = (query, scoped) => {
    const n = counter++;
    return { query, scoped, n, text: scoped ? QUERIES[query].scoped(n) : QUERIES[query].unscoped(n) };
  };
  const state = Object.fromEntries(FILES.map((f, i) => [f, { body: [line(i % 3, false), line((i + 1) % 3, true)], typing: undefined }]));
  const textOf = (s) => {
    const body = s.body.map((l) => l.text);
    if (s.typing) body.splice(s.typing.at, 0, s.typing.line.text.slice(0, s.typing.typed));
    return [...HEADER, ...body, ''].join('\n');
  };
  const initial = Object.fromEntries(FILES.map((f) => [f, textOf(state[f])]));
  const steps = [];
  for (let i = 0; i < EDITS; i++) {
    const ending = i >= EDITS - 100;
    const typing = FILES.filter((f) => state[f].typing);
    const file = ending && typing.length ? typing[0] : pick(FILES);
    const s = state[file];
    const roll = random();
    if (s.typing) {
      s.typing.typed = Math.min(s.typing.line.text.length, s.typing.typed + 1 + Math.floor(random() * 8));
      if (s.typing.typed === s.typing.line.text.length) {
        s.body.splice(s.typing.at, 0, s.typing.line);
        s.typing = undefined;
      }
    } else if (!ending && roll < 0.5) {
      s.typing = { at: Math.floor(random() * (s.body.length + 1)), line: line(Math.floor(random() * QUERIES.length), random() < 0.5), typed: 1 };
    } else if (roll < 0.8 || s.body.length <= 2) {
      const at = Math.floor(random() * s.body.length);
      const old = s.body[at];
      s.body[at] = { ...old, scoped: !old.scoped, text: old.scoped ? QUERIES[old.query].unscoped(old.n) : QUERIES[old.query].scoped(old.n) };
    } else {
      s.body.splice(Math.floor(random() * s.body.length), 1);
    }
    steps.push({ file, text: textOf(s) });
  }
  const expected = Object.fromEntries(
    FILES.map((f) => {
      assert.equal(state[f].typing, undefined, 'the script ends with every line typed');
      const findings = state[f].body.flatMap((l, k) => (l.scoped ? [] : [{ line: HEADER.length + k, messageId: QUERIES[l.query].messageId, model: QUERIES[l.query].model }]));
      return [f, findings];
    }),
  );
  return { initial, steps, expected };
}

function bounded(what, promise, ms = SILENCE_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ms} ms: the server hangs`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let dir;
let client;
const problems = [];

before(async () => {
  dir = makeTempDir('robustness-lsp');
  const { initial } = editScript();
  writeFiles(dir, { 'prisma/schema.prisma': SCHEMA, 'tsconfig.json': TSCONFIG, ...initial });
  generateClient(join(dir, 'prisma', 'schema.prisma'));
});

after(async () => {
  await client?.stop();
  removeDir(dir);
});

test('1,000 rapid edits: no crash, exact final diagnostics, still answering, heap growth under 10%', { timeout: 15 * 60_000 }, async (t) => {
  const { steps, expected } = editScript();
  const heapFile = join(dir, '.heap.json');
  // debounce 0: every change that the server sees before its next lint starts one, the most work edits can cause.
  client = await startClient({
    root: dir,
    trusted: false,
    settings: { debounce: 0 },
    nodeArgs: ['--expose-gc', '--require', HEAP_PROBE],
    env: { HEAP_PROBE_FILE: heapFile },
  });
  client.events.on('log', (p) => {
    if (p.type <= 2) problems.push(p.message);
  });
  let published = 0;
  client.events.on('diagnostics', () => published++);
  for (const file of FILES) await client.open(file);
  await bounded('the first lints', Promise.all(FILES.map((f) => client.diagnosticsFor(f))), FIRST_LINT_MS);

  /** Every document's diagnostics for its current version have been published: the server is idle. */
  const settled = () => bounded('the diagnostics of the current versions', Promise.all(FILES.map((f) => client.diagnosticsFor(f))));
  const request = (i, file) => {
    const uri = client.uri(file);
    const position = { line: HEADER.length, character: 40 };
    return i % 2
      ? client.connection.sendRequest(client.lsp.HoverRequest.type, { textDocument: { uri }, position })
      : client.connection.sendRequest(client.lsp.CodeActionRequest.type, {
          textDocument: { uri },
          range: { start: position, end: position },
          context: { diagnostics: [] },
        });
  };

  let baseline;
  for (let i = 0; i < steps.length; i++) {
    await client.change(steps[i].file, steps[i].text);
    if ((i + 1) % REQUEST_EVERY === 0) await bounded(`request ${i}`, request((i + 1) / REQUEST_EVERY, steps[i].file));
    if (i + 1 === WARM_UP) {
      await settled();
      baseline = await heapSnapshot(client.child.pid, heapFile);
    }
  }
  await settled();
  const final = await heapSnapshot(client.child.pid, heapFile);

  assert.equal(client.child.exitCode, null, 'the server exited');
  assert.equal(client.child.signalCode, null, 'the server was killed');
  assert.deepEqual(problems, [], 'errors or warnings logged');
  assert.deepEqual(client.messages, [], 'messages shown to the user');
  assert.equal(client.stderr, '');

  for (const file of FILES) {
    assert.equal(client.text(file), steps.findLast((s) => s.file === file).text);
    const diagnostics = await client.diagnosticsFor(file);
    assert.deepEqual(
      diagnostics.map((d) => ({ line: d.range.start.line, code: d.code })),
      expected[file].map((f) => ({ line: f.line, code: RULE })),
      `${file}:\n${client.text(file)}`,
    );
  }
  const { queries } = await bounded('dataIsolation/queries', client.connection.sendRequest('dataIsolation/queries'));
  for (const file of FILES) {
    const mine = queries.filter((q) => q.uri === client.uri(file) && q.status === 'unscoped').map((q) => ({ line: q.range.start.line, messageId: q.messageId, model: q.model }));
    assert.deepEqual(mine.sort((x, y) => x.line - y.line), expected[file], file);
  }

  const [file, [finding]] = Object.entries(expected).find(([, findings]) => findings.length > 0);
  const [diagnostic] = (await client.diagnosticsFor(file)).filter((d) => d.range.start.line === finding.line);
  const hover = await bounded('hover', client.connection.sendRequest(client.lsp.HoverRequest.type, { textDocument: { uri: client.uri(file) }, position: diagnostic.range.start }));
  assert.ok(hover.contents.value.startsWith(`**Data isolation — Unscoped query on \`${finding.model}\`**`), hover.contents.value);
  const actions = await bounded(
    'code actions',
    client.connection.sendRequest(client.lsp.CodeActionRequest.type, {
      textDocument: { uri: client.uri(file) },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    }),
  );
  assert.ok(actions.some((a) => a.title === `Suppress ${RULE} for this line with a justification`), JSON.stringify(actions.map((a) => a.title)));

  const growth = final.after.heapUsed / baseline.after.heapUsed - 1;
  const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
  t.diagnostic(
    `${published} diagnostics published for ${EDITS} edits; heap used after GC: ${mib(baseline.after.heapUsed)} MiB after ${WARM_UP} edits, ${mib(final.after.heapUsed)} MiB after ${EDITS} ` +
      `(${(growth * 100).toFixed(1)}%); RSS ${mib(baseline.after.rss)} → ${mib(final.after.rss)} MiB`,
  );
  assert.ok(growth < 0.1, `the heap grew by ${(growth * 100).toFixed(1)}% (${mib(baseline.after.heapUsed)} → ${mib(final.after.heapUsed)} MiB)`);
});

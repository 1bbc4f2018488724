// Generated hostile inputs for the robustness tests: a small Prisma project, and source files that
// are broken, untyped, enormous, deeply nested or circular, each with what the rule must report.
// Not a test file (no `.test.` in its name).

export const SCHEMA = `generator client {
  provider = "prisma-client"
  output   = "../src/generated/prisma"
}

datasource db {
  provider = "postgresql"
}

model User {
  id                     String         @id
  clinicId               String
  consultations          Consultation[] @relation("patient")
  clinicianConsultations Consultation[] @relation("clinician")
}

/// @owner(patientId, clinicianId)
model Consultation {
  id          String      @id
  patientId   String
  clinicianId String?
  status      String
  patient     User        @relation("patient", fields: [patientId], references: [id])
  clinician   User?       @relation("clinician", fields: [clinicianId], references: [id])
  recordings  Recording[]
}

/// @owner(consultation.patientId)
model Recording {
  id             String       @id
  consultationId String
  consultation   Consultation @relation(fields: [consultationId], references: [id])
}

/// @tenant(clinicId)
model Invoice {
  id       String @id
  clinicId String
  amount   Int
}

/// @public("reference data")
model Medication {
  code String @id
  name String
}
`;

const HEADER = `import { PrismaClient } from '../generated/prisma/client';

declare const prisma: PrismaClient;
declare const session: { user: { id: string; clinicId: string } };
declare const id: string;
`;

const S = 'session.user.id';
const repeat = (n, f) => Array.from({ length: n }, (_, i) => f(i)).join('');

/** `{ AND: [ … { patientId } … ] }`, `depth` levels deep. */
function nestedAnd(depth, innermost) {
  let text = innermost;
  for (let i = 0; i < depth; i++) text = `{ AND: [${text}] }`;
  return text;
}

/** `{ OR: [{ patientId }, { OR: [{ patientId }, … innermost] }] }`, `depth` levels deep. */
function nestedOr(depth, innermost) {
  let text = innermost;
  for (let i = 0; i < depth; i++) text = `{ OR: [{ patientId: ${S} }, ${text}] }`;
  return text;
}

/**
 * Each case: a file under src/, its code, and the rule's message ids expected in it (sorted), or
 * `fatal` (a RegExp the one fatal message must match: the file does not parse). A `todo` marks a case
 * that fails because of a known plugin bug (kept so that the suite stays green until it is fixed).
 */
export const CASES = [
  // --- Syntax errors: ESLint reports the parse error; the rule never runs, nothing crashes. ---
  { name: 'an unterminated object literal', file: 'syntax/unterminated.ts', code: `${HEADER}prisma.consultation.findMany({ where: { patientId: ${S} `, fatal: /^Parsing error/ },
  { name: 'a stray closing brace', file: 'syntax/stray-brace.ts', code: `${HEADER}prisma.consultation.findMany({ where: { id } }) });\n}`, fatal: /^Parsing error/ },
  { name: 'a half-typed query (the editor mid-keystroke)', file: 'syntax/half-typed.ts', code: `${HEADER}prisma.consultation.findMany({ where: { patientId: session.user. } });\n`, fatal: /^Parsing error/ },
  { name: 'binary junk', file: 'syntax/junk.ts', code: `${HEADER}\u0000\u0001\u00ff\ufffd@@@ prisma.consultation(((( \n`, fatal: /^Parsing error/ },
  { name: 'an empty file', file: 'syntax/empty.ts', code: '', expect: [] },
  { name: 'only a byte order mark and comments', file: 'syntax/bom.ts', code: '\ufeff// nothing here\n/* nor here */\n', expect: [] },

  // --- Type errors and `any` everywhere: untyped calls are matched by name, nothing crashes. ---
  {
    name: 'type errors in and around queries',
    file: 'types/type-errors.ts',
    code: `${HEADER}
prisma.consultation.findMany({ where: { patientId: 42, nonexistent: true } });
prisma.consultaton.findMany({ where: { id } });
prisma.consultation.findMany({ where: { patientId: ${S} } }).then((rows: number) => rows.toFixed());
const broken: DoesNotExist = prisma.recording.findMany({ where: { consultationId: id } });
`,
    // the misspelt delegate is typed as an error (any) and names no model: not a query
    expect: ['missingOwnerScope'],
  },
  {
    name: '`any` everywhere',
    file: 'types/any-everywhere.ts',
    code: `${HEADER}
declare const db: any;
declare const anything: any;
declare const where: any;
db.consultation.findMany({ where: { status: 'x' } });
db.consultation.findMany({ where: { patientId: ${S} } });
(prisma as any).recording.delete({ where: { id } });
anything.a.b.c.consultation.deleteMany();
anything.widget.findMany();
anything.invoice.findMany({ where: { amount: 1 } });
anything.invoice.findMany({ where: { clinicId: anything } });
prisma.consultation.findMany({ where });
prisma.consultation.findMany(anything);
prisma.consultation.findMany({ where: { patientId: anything } });
prisma.consultation.findMany({ where: { OR: anything } });
prisma.consultation.findMany({ where: { AND: [anything, anything, ...anything] } });
prisma.consultation.findMany({ where: { ...anything, ...where } });
prisma.consultation.findMany(...anything);
anything[anything].findMany({});
anything.consultation[anything]({});
(anything as any)?.consultation?.findMany?.({ where: { status: 'x' } });
const f: any = anything.consultation.findMany;
f({});
`,
    expect: ['missingOwnerScopeUntyped', 'missingOwnerScopeUntyped', 'missingOwnerScopeUntyped', 'missingOwnerScopeUntyped', 'missingTenantScope'],
  },
  {
    name: 'odd argument shapes',
    file: 'types/odd-shapes.ts',
    code: `${HEADER}
declare const anything: any;
prisma.consultation.findMany({ where: null as any });
prisma.consultation.findMany({ where: 42 as any });
prisma.consultation.findMany({ where: [] as any });
prisma.consultation.findMany({ ['where']: { patientId: ${S} } });
prisma.consultation.findMany({ where: { [anything]: ${S} } as any });
prisma.consultation.findMany({ where: { get patientId() { return ${S}; } } as any });
prisma.consultation.findMany({ where: { patientId() { return 1; } } as any });
prisma.consultation.findMany({ where: { patientId: \`\${${S}}\` } });
prisma.consultation.findMany({ where: { patientId: null } as any });
prisma.consultation.findMany({ where: { OR: [] } });
prisma.consultation.findMany({ where: { AND: [] } });
prisma.consultation.findMany({ where: { OR: [, { patientId: ${S} }] as any } });
prisma.consultation.findMany({ where: { recordings: anything, patientId: ${S} } });
prisma.recording.findMany({ where: { consultation: null as any } });
prisma.recording.findMany({ where: { consultation: { is: null } } as any });
prisma.consultation.findMany({ where: { id } }, { extra: true } as any);
new (prisma.consultation.findMany as any)({ where: { id } });
`,
    expect: [
      'missingOwnerScope', // patientId: null selects rows without an owner, it does not scope
      'missingOwnerScope', // AND: [] matches every row
      'missingOwnerScope', // a second argument does not scope the first
      'unscopedOrBranch', // the hole in OR: [, …]
    ],
  },
  {
    name: 'arguments spread from a value the rule cannot see',
    file: 'types/opaque-args-spread.ts',
    code: `${HEADER}declare const anything: any;\nprisma.consultation.findMany({ ...anything });\n`,
    // The spread may carry a `where`: unverifiable (reported by `strict` only), like \`findMany(anything)\`.
    expect: [],
  },
  {
    name: '`where: undefined`, which Prisma reads as no filter at all',
    file: 'types/where-undefined.ts',
    code: `${HEADER}declare const admin: boolean;\nprisma.consultation.findMany({ where: undefined });\nprisma.consultation.findMany({ where: admin ? undefined : { patientId: ${S} } });\n`,
    expect: ['missingOwnerScope', 'missingOwnerScope'],
  },

  // --- Enormous inputs: linear work, bounded by the worker's timeout. ---
  {
    name: 'a where with 5,000 keys that includes the owner',
    file: 'huge/where-5000-scoped.ts',
    code: `${HEADER}prisma.consultation.findMany({ where: { ${repeat(5000, (i) => `k${i}: ${i}, `)}patientId: ${S} } as any });\n`,
    expect: [],
  },
  {
    name: 'a where with 5,000 keys without the owner',
    file: 'huge/where-5000-unscoped.ts',
    code: `${HEADER}prisma.consultation.findMany({ where: { ${repeat(5000, (i) => `k${i}: ${i}, `)}status: 'x' } as any });\n`,
    expect: ['missingOwnerScope'],
  },
  {
    name: 'an update whose data has 20,000 keys',
    file: 'huge/data-20000.ts',
    code: `${HEADER}prisma.consultation.update({ where: { id, patientId: ${S} }, data: { ${repeat(20000, (i) => `k${i}: ${i}, `)} } as any });\n`,
    expect: [],
  },
  {
    name: 'an OR of 3,000 branches, the last one unscoped',
    file: 'huge/or-3000.ts',
    code: `${HEADER}prisma.consultation.findMany({ where: { OR: [${repeat(3000, () => `{ patientId: ${S} }, `)}{ status: 'x' }] } });\n`,
    expect: ['unscopedOrBranch'],
  },
  {
    name: 'a file of 1,000 queries, every other one unscoped',
    file: 'huge/1000-queries.ts',
    code: `${HEADER}${repeat(1000, (i) => `prisma.consultation.findMany({ where: { id${i % 2 ? `, patientId: ${S}` : ''} } });\n`)}`,
    expect: Array(500).fill('missingOwnerScope'),
  },
  {
    name: 'a string of 1 MB and an array of 50,000 elements',
    file: 'huge/literals.ts',
    code: `${HEADER}const big = '${'x'.repeat(1_000_000)}';\nconst ids = [${repeat(50_000, (i) => `'${i}',`)}];\nprisma.consultation.findMany({ where: { id: { in: ids }, status: big } });\n`,
    expect: ['missingOwnerScope'],
  },

  // --- Deep nesting: recursion must be bounded or shallow enough. TypeScript's own checker overflows
  // its stack on a Prisma filter nested 300–400 levels deep (and then every file of the project gets
  // "Parsing error: Maximum call stack size exceeded" from the project service), so literal nesting is
  // tested 200 levels deep (typescript-estree overflows first, near 280): deeper code cannot be linted anyway. ---
  {
    name: 'AND nested 200 deep around the owner filter',
    file: 'deep/and-200.ts',
    code: `${HEADER}prisma.consultation.findMany({ where: ${nestedAnd(200, `{ patientId: ${S} }`)} });\n`,
    expect: [],
  },
  {
    name: 'OR nested 200 deep, the innermost branch unscoped',
    file: 'deep/or-200.ts',
    code: `${HEADER}prisma.consultation.findMany({ where: ${nestedOr(200, `{ status: 'x' }`)} });\n`,
    expect: ['unscopedOrBranch'],
  },
  {
    name: 'a chain of 300 consts, each wrapping the previous in AND',
    file: 'deep/const-chain.ts',
    code: `${HEADER}const w0 = { patientId: ${S} };\n${repeat(300, (i) => `const w${i + 1} = { AND: [w${i}] };\n`)}prisma.consultation.findMany({ where: w300 });\n`,
    expect: [],
  },
  {
    name: 'a chain of 300 helpers, each calling the next',
    file: 'deep/helper-chain.ts',
    code: `${HEADER}${repeat(300, (i) => `function h${i}(): any { return h${i + 1}(); }\n`)}function h300() { return { patientId: ${S} }; }\nprisma.consultation.findMany({ where: h0() });\n`,
    expect: [], // beyond the resolver's depth: unverifiable, not reported by `recommended`
  },
  {
    name: 'a conditional 500 levels deep',
    file: 'deep/conditional.ts',
    code: `${HEADER}declare const c: boolean;\nprisma.consultation.findMany({ where: ${repeat(500, () => `c ? { patientId: ${S} } : `)}{ clinicianId: ${S} } });\n`,
    expect: [],
  },

  // --- Circular helpers and values: every cycle must terminate. ---
  {
    name: 'two helpers that call each other',
    file: 'circular/mutual-helpers.ts',
    code: `${HEADER}function a(s: unknown): any { return b(s); }\nfunction b(s: unknown): any { return a(s); }\nprisma.consultation.findMany({ where: a(session) });\nprisma.consultation.findMany({ where: { ...a(session), id } });\n`,
    expect: [],
  },
  {
    name: 'a helper that spreads itself',
    file: 'circular/self-spread.ts',
    code: `${HEADER}function own(): any { return { ...own(), id }; }\nprisma.consultation.findMany({ where: own() });\n`,
    expect: [],
  },
  {
    name: 'a const whose initialiser spreads itself',
    file: 'circular/self-const.ts',
    code: `${HEADER}// @ts-ignore used before its declaration\nconst where: any = { ...where, id };\nprisma.consultation.findMany({ where });\n`,
    expect: [],
  },
  {
    name: 'a helper that returns an OR of itself',
    file: 'circular/or-of-itself.ts',
    code: `${HEADER}function g(): any { return { OR: [g(), { patientId: ${S} }] }; }\nprisma.consultation.findMany({ where: g() });\n`,
    expect: [],
  },
  {
    name: 'a helper that returns an AND of itself',
    file: 'circular/and-of-itself.ts',
    code: `${HEADER}function g(): any { return { AND: [g()] }; }\nprisma.consultation.findMany({ where: g() });\n`,
    expect: [],
  },
  {
    name: 'a const whose initialiser nests itself in AND',
    file: 'circular/const-and-of-itself.ts',
    code: `${HEADER}// @ts-ignore used before its declaration\nconst where: any = { AND: [where] };\nprisma.consultation.findMany({ where });\n`,
    expect: [],
  },
  {
    name: 'a helper that filters a relation by itself',
    file: 'circular/relation-of-itself.ts',
    code: `${HEADER}function r(): any { return { consultation: { recordings: { some: r() } } }; }\nprisma.recording.findMany({ where: r() });\n`,
    expect: [],
  },
  {
    name: 'a helper whose owner value is itself',
    file: 'circular/value-of-itself.ts',
    code: `${HEADER}function v(): any { return { equals: v() }; }\nprisma.consultation.findMany({ where: { patientId: v() } });\n`,
    expect: [],
  },

  // --- More helper modules than the rule keeps converted at once (64): each call still checked. ---
  ...manyHelpers(70),
];

/**
 * Routers that call, by an id from nothing tied to the user, a helper in each of `n` modules: the first
 * is linted before its helpers (its lint converts all `n`); a second calls `n` other helpers, whose
 * conversions push the first router's out of the kept files; a third calls the first `n` again, which
 * are converted anew. Every call is reported at the call site, in each router.
 */
function manyHelpers(n) {
  const router = (name, prefix) => ({
    name: `${name} calling helpers in ${n} modules`,
    file: `many/${name.replace(/ /g, '-')}.ts`,
    code: `${repeat(n, (i) => `import { ${prefix}${i} } from './${prefix}${i}';\n`)}declare const id: string;\nexport async function handle() {\n${repeat(n, (i) => `  await ${prefix}${i}(id);\n`)}}\n`,
    expect: Array(n).fill('helperMissingScope'),
  });
  const helpers = (prefix) =>
    Array.from({ length: n }, (_, i) => ({
      name: `helper module ${prefix}${i}`,
      file: `many/${prefix}${i}.ts`,
      code: `import { PrismaClient } from '../generated/prisma/client';\n\ndeclare const prisma: PrismaClient;\nexport function ${prefix}${i}(id: string) {\n  return prisma.consultation.findFirst({ where: { id } });\n}\n`,
      expect: [], // its filter comes from its parameter: its callers are checked
      helper: true,
    }));
  return [router('a router', 'h'), ...helpers('h'), ...helpers('g'), router('a second router', 'g'), router('a third router', 'h')];
}

/** Fan-out: exponential work unless the analysis has a budget. Each runs in its own bounded worker. */
export const HANG_CASES = [
  // First, so that starting the project service is not counted against the cases after it.
  { name: 'a plain scoped query (warm-up)', file: 'hang/warm-up.ts', code: `${HEADER}prisma.consultation.findMany({ where: { patientId: ${S} } });\n`, expect: [] },
  {
    name: 'a helper that spreads itself 3 times',
    file: 'hang/spread-fan-out.ts',
    code: `${HEADER}function f(): any { return { ${repeat(3, () => '...f(), ')}id }; }\nprisma.consultation.findMany({ where: f() });\n`,
    expect: [],
  },
  {
    name: 'consts that each spread the previous one 8 times',
    file: 'hang/const-fan-out.ts',
    code: `${HEADER}const c0 = { patientId: ${S} };\n${repeat(12, (i) => `const c${i + 1} = { ${repeat(8, () => `...c${i}, `)}};\n`)}prisma.consultation.findMany({ where: c12 });\n`,
    expect: [],
  },
  {
    name: 'consts that each put the previous one in AND and OR 4 times',
    file: 'hang/and-or-fan-out.ts',
    code: `${HEADER}const d0 = { patientId: ${S} };\n${repeat(14, (i) => `const d${i + 1} = { AND: [d${i}, d${i}], OR: [d${i}, d${i}] };\n`)}prisma.consultation.findMany({ where: d14 });\n`,
    expect: [],
  },
  {
    name: 'conditionals that each choose between the previous one twice',
    file: 'hang/conditional-fan-out.ts',
    code: `${HEADER}declare const c: boolean;\nconst e0 = { patientId: ${S} };\n${repeat(24, (i) => `const e${i + 1} = c ? e${i} : { ...e${i} };\n`)}prisma.consultation.findMany({ where: e24 });\n`,
    expect: [],
  },
];

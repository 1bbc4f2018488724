// Lints files with the real ESLint Node API, one file at a time, and prints one JSON line per file on
// stdout as soon as it is done — its messages, or the error ESLint threw (a rule crash) — then a last
// `{ "done": true }` line. Run as a child process by
// the robustness tests (`lib.mjs` → `runWorker`) so that a hang can be bounded by a timeout and a
// crash cannot take the test runner down. Not a test file (no `.test.` in its name).
//
//   node test/robustness/lint-worker.mjs <job.json>
//   job: { cwd, configFile, files: [absolute paths], overrideConfig? }
//     or { cwd, runs: [{ id, configFile, overrideConfig?, files }] }: one ESLint instance per run, one
//     process for all (the project service and the checked Prisma types are shared between runs).
import { readFileSync } from 'node:fs';

const jobFile = process.argv[2];
if (jobFile) await main(JSON.parse(readFileSync(jobFile, 'utf8')));

async function main(job) {
  const { ESLint } = await import('eslint');
  const runs = job.runs ?? [{ id: '', configFile: job.configFile, overrideConfig: job.overrideConfig, files: job.files }];
  const started = performance.now();
  const emit = (entry) => process.stdout.write(`${JSON.stringify(entry)}\n`);
  const crashOf = (error) => ({ message: String(error?.message ?? error), stack: String(error?.stack ?? '') });
  for (const run of runs) {
    let eslint;
    try {
      eslint = new ESLint({
        cwd: job.cwd,
        overrideConfigFile: run.configFile,
        overrideConfig: run.overrideConfig,
        // Lint exactly the files given; say so below when a config does not pick one up.
        errorOnUnmatchedPattern: false,
        warnIgnored: false,
      });
    } catch (error) {
      for (const file of run.files) emit({ run: run.id, file, crash: crashOf(error), ms: 0 });
      continue;
    }
    for (const file of run.files) {
      const t = performance.now();
      let entry;
      try {
        const results = await eslint.lintFiles([file]);
        entry = results.length === 0 ? { notLinted: true, messages: [] } : { messages: results[0].messages.map(message) };
      } catch (error) {
        entry = { crash: crashOf(error) };
      }
      emit({ run: run.id, file, ...entry, ms: performance.now() - t });
    }
  }
  emit({ done: true, ms: performance.now() - started });
}

function message(m) {
  return {
    ruleId: m.ruleId,
    messageId: m.messageId,
    fatal: m.fatal === true,
    severity: m.severity,
    line: m.line,
    column: m.column,
    message: m.message,
  };
}

#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildReport, hasUnscoped, toHtml, toMarkdown, type AccessReport } from './report';

const USAGE = `Usage: data-isolation report [paths...] [--format markdown|json|html] [--output file]

Lists, per owner-scoped model, every query in the project: where it is, what it does, and whether it is
scoped to the signed-in user (by which field and value), unscoped, or suppressed (with the reason).
Lints with the project's own ESLint and config. Exits 1 when any query is unscoped, 2 on errors.`;

const FORMATS: Record<string, (report: AccessReport) => string> = {
  markdown: toMarkdown,
  json: (report) => `${JSON.stringify(report, null, 2)}\n`,
  html: toHtml,
};

export async function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'markdown' },
        output: { type: 'string', short: 'o' },
        'no-progress': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const [command, ...paths] = parsed.positionals;
  if (parsed.values.help || command === undefined) {
    (parsed.values.help ? io.stdout : io.stderr).write(`${USAGE}\n`);
    return parsed.values.help ? 0 : 2;
  }
  if (command !== 'report') {
    io.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
    return 2;
  }
  const format = FORMATS[parsed.values.format];
  if (!format) {
    io.stderr.write(`Unknown format "${parsed.values.format}"; use one of ${Object.keys(FORMATS).join(', ')}.\n`);
    return 2;
  }
  const showProgress = !parsed.values['no-progress'] && 'isTTY' in io.stderr && io.stderr.isTTY === true;
  try {
    const report = await buildReport({
      cwd: process.cwd(),
      patterns: paths.length > 0 ? paths : undefined,
      onProgress: showProgress ? (done, total) => io.stderr.write(`\r${progressBar(done, total)}`) : undefined,
    });
    if (showProgress) io.stderr.write('\n');
    const text = format(report);
    if (parsed.values.output) writeFileSync(parsed.values.output, text);
    else io.stdout.write(text);
    return hasUnscoped(report) ? 1 : 0;
  } catch (error) {
    io.stderr.write(`data-isolation: ${(error as Error).message}\n`);
    return 2;
  }
}

function progressBar(done: number, total: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} files`;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

// Shared by ci.test.mjs: the CI and pre-commit documentation and examples, running git and hook
// tools in an isolated environment, and ESLint's JSON output with suppressed messages.
// Not a test file itself (its name does not end in .test.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { repoRoot, runNode } from './helpers.mjs';

export const pluginDir = join(repoRoot, 'packages', 'eslint-plugin-data-isolation');
export const ciDocFile = join(pluginDir, 'docs', 'ci.md');
export const workflowFile = join(pluginDir, 'docs', 'examples', 'github-actions.yml');
export const preCommitHooksFile = join(repoRoot, '.pre-commit-hooks.yaml');
export const setupPreCommitScript = join(repoRoot, 'test', 'e2e', 'setup-precommit.sh');
export const sarifSchemaFile = join(
  repoRoot, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json',
);

/** The documented lint-staged task and husky hook (ci.md must show exactly these). */
export const LINT_STAGED_GLOB = '*.{ts,tsx,mts,cts}';
export const LINT_STAGED_TASK = 'eslint --max-warnings=0 --no-warn-ignored';
export const HUSKY_PRE_COMMIT = 'npx lint-staged\n';

export const readYaml = (file) => parseYaml(readFileSync(file, 'utf8'));

/**
 * The example workflow's ESLint step and the arguments it passes to `npx eslint`. The command must be
 * plain words (no quoting or shell syntax), so that splitting it on spaces is what the shell does.
 */
export function workflowEslintStep() {
  const workflow = readYaml(workflowFile);
  const steps = workflow.jobs.eslint.steps;
  const step = steps.find((s) => s.id === 'eslint');
  assert.ok(step, 'the workflow has a step with id: eslint');
  const words = step.run.trim().split(/\s+/);
  for (const word of words) assert.match(word, /^[\w@./=-]+$/, `not a plain word in the ESLint command: ${word}`);
  assert.deepEqual(words.slice(0, 2), ['npx', 'eslint'], step.run);
  return { workflow, steps, step, eslintArgs: words.slice(2) };
}

/** The value of `--flag value` or `--flag=value` in `args`, or undefined. */
export function optionValue(args, ...names) {
  for (let i = 0; i < args.length; i++) {
    for (const name of names) {
      if (args[i] === name) return args[i + 1];
      if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
    }
  }
  return undefined;
}

/**
 * An environment for git, husky, lint-staged and pre-commit that ignores the machine's git config,
 * husky and pre-commit settings, and whatever git or npm run us (a hook, `npm test`): no GIT_*,
 * npm_*, HUSKY* or PRE_COMMIT* variables from outside. Everything else stays under `home`.
 */
export function isolatedEnv(home) {
  mkdirSync(join(home, 'config'), { recursive: true });
  writeFileSync(join(home, 'gitconfig'), '');
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(GIT_|npm_|HUSKY|PRE_COMMIT|LINT_STAGED)/i.test(name)) continue;
    env[name] = value;
  }
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: join(home, 'gitconfig'),
    XDG_CONFIG_HOME: join(home, 'config'),
    PRE_COMMIT_HOME: join(home, 'pre-commit-cache'),
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    // The hooks' `npx` finds the installed bins; it must not check the registry for npm updates.
    npm_config_update_notifier: 'false',
    // The node running the tests first, so that hooks' `npx` and `node` are this one.
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
  };
}

/** Runs `command args` in `cwd` with `env`; returns status and the combined output. */
export function run(command, args, cwd, env) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, output: result.stdout + result.stderr };
}

/** Runs git and asserts it succeeded; returns its trimmed stdout. */
export function git(cwd, env, ...args) {
  const result = run('git', args, cwd, env);
  assert.equal(result.status, 0, `git ${args.join(' ')} failed:\n${result.output}`);
  return result.stdout.trim();
}

/** `git init` with a local identity, and a .gitignore for node_modules and the generated client. */
export function initRepo(dir, env) {
  git(dir, env, 'init', '--quiet', '--initial-branch=main');
  git(dir, env, 'config', 'user.name', 'Test');
  git(dir, env, 'config', 'user.email', 'test@example.com');
  git(dir, env, 'config', 'commit.gpgsign', 'false');
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\nsrc/generated/\n');
}

/** Subjects of the commits on HEAD, newest first. */
export const commitSubjects = (dir, env) => git(dir, env, 'log', '--format=%s').split('\n');

/**
 * Gives an app copy its own `node_modules/.bin` entries, as an installed project has: small scripts
 * that run the repository's ESLint 10 and lint-staged with this node. Modules themselves still
 * resolve from the repository's node_modules (the copy lives under `<repo>/.tmp`), as a project's own
 * `node_modules/.bin` would, without depending on how the repository's own bin links were made.
 */
export function installBins(dir) {
  const bin = join(dir, 'node_modules', '.bin');
  mkdirSync(bin, { recursive: true });
  const scripts = {
    eslint: join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js'),
    'lint-staged': join(repoRoot, 'node_modules', 'lint-staged', 'bin', 'lint-staged.js'),
  };
  for (const [name, script] of Object.entries(scripts)) {
    writeFileSync(join(bin, name), `#!/bin/sh\nexec "${process.execPath}" "${script}" "$@"\n`);
    chmodSync(join(bin, name), 0o755);
  }
}

/**
 * Runs an ESLint CLI in `cwd` with `--format json` and `args` (the last of which is usually `.`);
 * returns the exit status, stderr, the findings and the suppressed findings, files relative to `cwd`.
 */
export function eslintJson(bin, cwd, args) {
  const result = runNode([bin, '--format', 'json', ...args], cwd);
  let files;
  try {
    files = JSON.parse(result.stdout);
  } catch {
    assert.fail(`ESLint did not print JSON (exit ${result.status}).\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
  const rel = (file) => relative(cwd, file).split(sep).join('/');
  return {
    ...result,
    findings: files.flatMap((f) => f.messages.map((m) => ({ file: rel(f.filePath), ...m }))),
    suppressed: files.flatMap((f) => f.suppressedMessages.map((m) => ({ file: rel(f.filePath), ...m }))),
  };
}

/**
 * Problems in ESLint's default (stylish) output, as `file:line:column ruleId` with files relative to
 * `dir`, in order.
 */
export function stylishProblems(output, dir) {
  const problems = [];
  let file;
  for (const line of output.split('\n')) {
    if (line.startsWith(`${dir}${sep}`)) file = relative(dir, line.trim()).split(sep).join('/');
    const problem = /^\s+(\d+):(\d+)\s+(?:error|warning)\s+.*?\s(\S+)$/.exec(line);
    if (problem) problems.push(`${file}:${problem[1]}:${problem[2]} ${problem[3]}`);
  }
  return problems;
}

/** Fenced code blocks of a Markdown file, as `{ lang, text }`. */
export function codeBlocks(file) {
  const blocks = [];
  const pattern = /^```(\w*)\n([\s\S]*?)^```$/gm;
  const text = readFileSync(file, 'utf8');
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) blocks.push({ lang: m[1], text: m[2] });
  return blocks;
}

// The install a newcomer and CI start from: `npm ci` must accept the lockfile whatever the registry has
// published since. A dependency declared with a dist-tag (`"jschardet": "latest"`) is resolved against the
// registry by `npm ci`; once the tag moves past the locked version, `npm ci` refuses the lockfile. Such
// dependencies are pinned through the root `overrides` to the version the lockfile holds.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from './helpers.mjs';

const rootManifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8'));

/** A spec `npm ci` resolves against the registry instead of checking it against the lockfile: a dist-tag. */
function isDistTag(spec) {
  if (typeof spec !== 'string' || spec === '' || spec === '*') return false;
  if (/^(npm|file|link|git|git\+\w+|github|workspace|https?):/.test(spec) || spec.includes('/')) return false;
  // A tag is a bare word that is not a version or range (`latest`, `next`, `beta`, `canary`).
  return /^[A-Za-z][\w.-]*$/.test(spec) && !/^v?\d/.test(spec) && spec !== 'x' && spec !== 'X';
}

/** Every dependency of an installed package declared with a dist-tag, with the version the lockfile holds. */
function distTagDependencies() {
  const found = [];
  for (const [location, entry] of Object.entries(lock.packages)) {
    for (const field of ['dependencies', 'optionalDependencies']) {
      for (const [name, spec] of Object.entries(entry[field] ?? {})) {
        if (!isDistTag(spec)) continue;
        found.push({ location: location || '(root)', name, spec, locked: lockedVersion(location, name) });
      }
    }
  }
  return found;
}

/** The version of `name` that `location` resolves to in the lockfile (node's lookup: nearest node_modules up). */
function lockedVersion(location, name) {
  let dir = location;
  for (;;) {
    const entry = lock.packages[dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`];
    if (entry) return entry.version;
    if (!dir) return undefined;
    const parent = dir.lastIndexOf('/node_modules/');
    dir = parent === -1 ? '' : dir.slice(0, parent);
  }
}

describe('install: npm ci accepts the lockfile', () => {
  it('recognises dist-tags and nothing else', () => {
    for (const spec of ['latest', 'next', 'beta', 'canary']) assert.equal(isDistTag(spec), true, spec);
    for (const spec of ['*', '', '^1.2.3', '1.x', 'x', '>=2 <3', '~6.0', 'npm:is-number@7.0.0', 'file:../a', 'user/repo', 'v1.2.3', '1.0.0 - 2.0.0']) {
      assert.equal(isDistTag(spec), false, spec);
    }
  });

  it('pins every dist-tag dependency of the installed tree through the root overrides, to the locked version', () => {
    const tagged = distTagDependencies();
    // jschardet is one today (from @microsoft/eslint-formatter-sarif): the check must see it.
    assert.ok(tagged.some((d) => d.name === 'jschardet'), 'the scan found no dist-tag dependency at all');
    const unpinned = tagged.filter((d) => rootManifest.overrides?.[d.name] !== d.locked);
    assert.deepEqual(
      unpinned.map((d) => `${d.location} depends on ${d.name}@${d.spec}; the lockfile holds ${d.locked}: add "${d.name}": "${d.locked}" to the root package.json "overrides"`),
      [],
    );
  });

  it('npm ci --dry-run succeeds on the manifests and the lockfile as committed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'data-isolation-npm-ci-'));
    try {
      const manifests = ['package.json', 'package-lock.json'];
      for (const [location, entry] of Object.entries(lock.packages)) {
        if (location && !location.startsWith('node_modules/') && !location.includes('/node_modules/') && !entry.link) {
          manifests.push(join(location, 'package.json'));
        }
      }
      for (const file of manifests) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        cpSync(join(repoRoot, file), join(dir, file));
      }
      const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
      const result = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
        cwd: dir,
        env: clean,
        encoding: 'utf8',
        timeout: 300_000,
      });
      const errors = `${result.stderr}`.split('\n').filter((line) => /npm error (Invalid|Missing|`npm ci`)/.test(line));
      assert.equal(result.status, 0, `npm ci would refuse this lockfile:\n${errors.join('\n') || result.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

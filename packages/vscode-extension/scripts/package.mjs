// `npm run package`: vscode-data-isolation-<version>.vsix in packages/vscode-extension, made by
// @vscode/vsce (pinned in this package's devDependencies) on Node 24 (vsce needs Node 22 or later; the
// editor tests' setup installs it once into their cache). The extension is bundled first (bundle.mjs), so
// the .vsix holds no node_modules (`--no-dependencies`); .vscodeignore lists what goes in.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNode24 } from '../../../test/vscode/setup.mjs';

const extensionDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const { name, version } = JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8'));
export const vsixPath = join(extensionDir, `${name}-${version}.vsix`);

export function packageExtension() {
  const node24 = ensureNode24();
  execFileSync(process.execPath, [join(extensionDir, 'scripts/bundle.mjs'), '--production'], { stdio: 'inherit' });
  const vsce = createRequire(join(extensionDir, 'package.json')).resolve('@vscode/vsce/vsce');
  // The README's relative links and images, as they are on GitHub (the Marketplace and Open VSX show them).
  const base = 'https://github.com/data-isolation/data-isolation';
  const args = ['package', '--no-dependencies', '--out', vsixPath];
  args.push('--baseContentUrl', `${base}/blob/HEAD/packages/vscode-extension`, '--baseImagesUrl', `${base}/raw/HEAD/packages/vscode-extension`);
  execFileSync(node24, [vsce, ...args], { cwd: extensionDir, stdio: 'inherit' });
  return vsixPath;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = packageExtension();
  console.log(`${file}: ${(statSync(file).size / 1024 / 1024).toFixed(1)} MiB`);
}

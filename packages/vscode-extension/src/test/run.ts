import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** The @vscode/test-electron entry point: runs the `*.test.js` files of `dir` inside the extension host. */
export function runSuites(dir: string): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 600_000, reporter: 'spec' });
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(dir, file));
  // The runner outside shows the extension host's log from this line on.
  console.log('--- data-isolation extension tests ---');
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}

// One test through the real workbench UI in headless Chromium: the squiggle, Ctrl+. and Enter on the
// quick fix, Ctrl+S, and the file changed on disk. The screenshot is kept in test/vscode/artifacts.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { prepareWorkspace, workDir } from './fixtures.mjs';
import { launchBrowser, startServer, until, workbenchUrl } from './vscode-server.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const extensionDir = resolve(here, '../../packages/vscode-extension');
const artifactsDir = join(here, 'artifacts');

test('squiggle, Ctrl+. then Enter scopes the query, and Ctrl+S writes it to disk', { timeout: 900_000 }, async () => {
  const workspace = prepareWorkspace('vscode-ui');
  const file = join(workspace, 'src/recordings.ts');
  const stateDir = join(workDir, 'state-ui');
  const server = await startServer({ stateDir, trusted: true });
  let context;
  let page;
  try {
    context = await launchBrowser(join(stateDir, 'chromium'));
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(120_000);
    await page.goto(workbenchUrl(server, workspace, [['extensionDevelopmentPath', extensionDir]]));
    await page.locator('.monaco-workbench').waitFor({ timeout: 240_000 });

    await page.getByRole('treeitem', { name: 'src' }).click({ timeout: 240_000 });
    await page.getByRole('treeitem', { name: 'recordings.ts' }).click();
    const squiggle = page.locator('.monaco-editor .squiggly-warning').first();
    await squiggle.waitFor({ timeout: 240_000 });

    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').getByText('`findMany` on Recording is not filtered by its owner', { exact: false }).first().waitFor();

    // The squiggle lies under the text layer: click the text at its centre to put the cursor there.
    const box = await squiggle.boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const widget = page.locator('.action-widget').first();
    await until('the quick fix menu', async () => {
      await page.keyboard.press('Control+.');
      const shown = await widget.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false);
      if (!shown) return false;
      if (await widget.getByText('Filter by', { exact: false }).count()) return true;
      await page.keyboard.press('Escape');
      return false;
    }, 240_000);
    const focused = await widget.locator('.monaco-list-row.focused').first().innerText({ timeout: 5000 });
    assert.match(focused, /^Filter by `consultation: \{ patientId: session\.user\.id \}`\./);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+S');

    const saved = await until('the fix on disk', () => {
      const text = readFileSync(file, 'utf8');
      return text.includes('consultation: { patientId') && text;
    });
    assert.equal(
      saved.split('\n')[3],
      '  return prisma.recording.findMany({ where: { consultationId, consultation: { patientId: session.user.id } } });',
    );
    await until('the squiggle to go', async () => (await page.locator('.monaco-editor .squiggly-warning').count()) === 0);
  } finally {
    if (page) {
      mkdirSync(artifactsDir, { recursive: true });
      await page.screenshot({ path: join(artifactsDir, 'ui-quick-fix.png') }).catch(() => {});
    }
    await context?.close().catch(() => {});
    await server.stop();
  }
});

// Two tests through the real workbench UI in headless Chromium. 1. The squiggle, Show documentation from
// Ctrl+. (VS Code's external-link prompt, then the page the browser opens), Ctrl+. and Enter on the quick
// fix, Ctrl+S, and the file changed on disk. 2. Granting workspace trust in Restricted Mode. Screenshots
// are kept in test/vscode/artifacts.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { prepareWorkspace, workDir } from './fixtures.mjs';
import { launchBrowser, startServer, until, workbenchUrl } from './vscode-server.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const extensionDir = resolve(here, '../../packages/vscode-extension');
const artifactsDir = join(here, 'artifacts');
const DOCS = 'https://github.com/data-isolation/data-isolation/blob/main/packages/eslint-plugin-data-isolation/docs/rules/require-owner-scope.md';

/**
 * A workbench in Chromium on a fresh copy of the fixture app, with `src/recordings.ts` open; `body` gets
 * the page. A screenshot is kept whatever happens, then the browser and the server are stopped.
 */
async function inWorkbench({ name, trusted, screenshot }, body) {
  const workspace = prepareWorkspace(name);
  const stateDir = join(workDir, `state-${name.replace(/^vscode-/, '')}`);
  const server = await startServer({ stateDir, trusted });
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
    await body({ page, context, workspace });
  } finally {
    if (page) {
      mkdirSync(artifactsDir, { recursive: true });
      await page.screenshot({ path: join(artifactsDir, screenshot) }).catch(() => {});
    }
    await context?.close().catch(() => {});
    await server.stop();
  }
}

test('squiggle; Show documentation opens the rule docs; Ctrl+. then Enter scopes the query, and Ctrl+S writes it to disk', { timeout: 900_000 }, () =>
  inWorkbench({ name: 'vscode-ui', trusted: true, screenshot: 'ui-quick-fix.png' }, async ({ page, context, workspace }) => {
    const file = join(workspace, 'src/recordings.ts');
    const squiggle = page.locator('.monaco-editor .squiggly-warning').first();
    await squiggle.waitFor({ timeout: 240_000 });
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').getByText('`findMany` on Recording is not filtered by its owner', { exact: false }).first().waitFor();

    const widget = page.locator('.action-widget').first();
    const quickFixMenu = async () => {
      // The squiggle lies under the text layer: click the text at its centre to put the cursor there.
      // After the docs page the editor re-renders: the squiggle may exist before it has a box again.
      const box = await until('the squiggle on screen', () => squiggle.boundingBox().catch(() => null));
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await until('the quick fix menu', async () => {
        await page.keyboard.press('Control+.');
        const shown = await widget.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false);
        if (!shown) return false;
        if (await widget.getByText('Filter by', { exact: false }).count()) return true;
        await page.keyboard.press('Escape');
        return false;
      }, 240_000);
    };

    // The server asks for window/showDocument (external); the browser opens the page, after VS Code's
    // prompt for a domain it does not trust yet. There is no internet: the page is answered here.
    const opened = [];
    await context.route('https://github.com/**', (route) => {
      opened.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/plain', body: 'the rule documentation' });
    });
    await quickFixMenu();
    await widget.getByText('Show documentation for data-isolation/require-owner-scope', { exact: true }).click();
    const prompt = page.locator('.monaco-dialog-box');
    await prompt.getByText('to open the external website?', { exact: false }).waitFor();
    await prompt.getByText(DOCS, { exact: true }).waitFor();
    await prompt.getByRole('button', { name: 'Open', exact: true }).click();
    await until('the documentation page', () => opened.includes(DOCS));
    await page.bringToFront();

    await quickFixMenu();
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
  }),
);

test('granting workspace trust switches from the bundled engine to the workspace ESLint and config', { timeout: 900_000 }, () =>
  inWorkbench({ name: 'vscode-ui-trust', trusted: false, screenshot: 'ui-trust.png' }, async ({ page, workspace }) => {
    const marker = join(workspace, 'eslint-config-was-loaded.txt');
    // Restricted Mode: the bundled `recommended` config (an error); the workspace config never ran.
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 240_000 });
    assert.equal(existsSync(marker), false);

    await page.keyboard.press('F1');
    await page.keyboard.type('Workspaces: Manage Workspace Trust');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Manage Workspace Trust' }).first().click();
    await page.getByRole('button', { name: 'Trust', exact: true }).first().click();

    // Trusted: the workspace's eslint.config.mjs runs (it writes the marker) and sets the rule to warn.
    await until('the workspace config to run', () => existsSync(marker));
    await page.keyboard.press('Escape');
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 240_000 });
    assert.equal(await page.locator('.monaco-editor .squiggly-error').count(), 0);
  }),
);

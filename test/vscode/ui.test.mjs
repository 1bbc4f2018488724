// Tests through the real workbench UI in headless Chromium, with the extension installed from its .vsix
// (npm run package; vscode-server.mjs). 1. The squiggle, Show documentation from Ctrl+. (VS Code's
// external-link prompt, then the page the browser opens), Ctrl+. and Enter on the quick fix, Ctrl+S, and
// the file changed on disk. 2. Granting workspace trust in Restricted Mode. 3. A workspace outside this
// repository (outside.mjs): the finding, its hover, the quick fix, the Data isolation view and the schema
// CodeLens, photographed for the extension's README. Screenshots are kept in test/vscode/artifacts; with
// DATA_ISOLATION_UPDATE_SCREENSHOTS=1 the README's are also written to packages/vscode-extension/images.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { prepareWorkspace, workDir } from './fixtures.mjs';
import { prepareOutsideWorkspace } from './outside.mjs';
import { launchBrowser, startServer, until, workbenchUrl } from './vscode-server.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const readmeImages = resolve(here, '../../packages/vscode-extension/images');
const artifactsDir = join(here, 'artifacts');
const DOCS = 'https://github.com/data-isolation/data-isolation/blob/main/packages/eslint-plugin-data-isolation/docs/rules/require-owner-scope.md';

/**
 * A workbench in Chromium on `workspace` (by default a fresh copy of the fixture app) with `open` open
 * (by default `src/recordings.ts`); `body` gets the page. A screenshot is kept whatever happens, then the
 * browser and the server are stopped.
 */
async function inWorkbench({ name, trusted, screenshot, workspace = prepareWorkspace(name), open = 'src/recordings.ts' }, body) {
  const stateDir = join(workDir, `state-${name.replace(/^vscode-/, '')}`);
  const server = await startServer({ stateDir, trusted });
  let context;
  let page;
  try {
    context = await launchBrowser(join(stateDir, 'chromium'));
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(120_000);
    await page.goto(workbenchUrl(server, workspace));
    await page.locator('.monaco-workbench').waitFor({ timeout: 240_000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 240_000 });
    await openFile(page, open);
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

/** Opens a workspace file with Quick Open (Ctrl+P). */
async function openFile(page, relative) {
  const name = relative.split('/').pop();
  await until(`Quick Open to offer ${relative}`, async () => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    if (!(await input.isVisible().catch(() => false))) return false;
    await input.fill(relative);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
    if (!(await row.waitFor({ timeout: 5000 }).then(() => true, () => false))) {
      await page.keyboard.press('Escape');
      return false;
    }
    await page.keyboard.press('Enter');
    return true;
  });
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
}

/**
 * A screenshot of the part of the page that holds `boxes` (with a margin), from the left edge of
 * `from`'s box when given: into artifacts/screenshots, and the README's images when asked to.
 */
async function shoot(page, file, boxes, from) {
  const margin = 16;
  const left = from ? from.x : Math.min(...boxes.map((b) => b.x)) - margin;
  const top = Math.min(...boxes.map((b) => b.y)) - margin;
  const right = Math.max(...boxes.map((b) => b.x + b.width)) + margin;
  const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + margin;
  const { width, height } = page.viewportSize();
  const clip = { x: Math.max(0, left), y: Math.max(0, top) };
  clip.width = Math.min(width, right) - clip.x;
  clip.height = Math.min(height, bottom) - clip.y;
  const path = join(artifactsDir, 'screenshots', file);
  mkdirSync(join(artifactsDir, 'screenshots'), { recursive: true });
  await page.screenshot({ path, clip });
  if (process.env.DATA_ISOLATION_UPDATE_SCREENSHOTS === '1') copyFileSync(path, join(readmeImages, file));
}

// The workspace outside this repository takes an npm install: started now, used by the last test.
const outsideWorkspace = prepareOutsideWorkspace();
outsideWorkspace.catch(() => {}); // reported by the test that awaits it
after(async () => (await outsideWorkspace.catch(() => undefined))?.remove());

/**
 * Opens the quick fix menu (Ctrl+.) on the cursor until it offers the rule's fix. Ctrl+. is pressed only
 * while no menu is open: on an open menu it accepts the focused action (under load the menu can appear
 * after the wait gave up).
 */
async function quickFixMenu(page) {
  const widget = page.locator('.action-widget').first();
  await until('the quick fix menu', async () => {
    if (!(await widget.isVisible())) await page.keyboard.press('Control+.');
    const shown = await widget.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false);
    if (shown && (await widget.getByText('Filter by', { exact: false }).count())) return true;
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
    return false;
  }, 240_000);
  return widget;
}

const box = (locator) => until('an element on screen', () => locator.boundingBox().catch(() => null));

/**
 * Enter on the open quick fix menu, whose focused item must be the rule's suggestion, then Ctrl+S until
 * `file` on disk contains `expected`. The fix is applied to the editor asynchronously: a Ctrl+S that
 * arrives first saves the file unchanged and leaves the fixed text unsaved, so Ctrl+S is pressed again
 * while the active tab is dirty.
 */
async function acceptFixAndSave(page, file, expected) {
  const widget = page.locator('.action-widget').first();
  const focused = await widget.locator('.monaco-list-row.focused').first().innerText({ timeout: 5000 });
  assert.match(focused, /^Filter by `consultation: \{ patientId: session\.user\.id \}`\./);
  await page.keyboard.press('Enter');
  await until('the fix in the editor', async () => (await page.locator('.tabs-container .tab.active.dirty').count()) > 0 || readFileSync(file, 'utf8').includes(expected));
  return until('the fix on disk', async () => {
    const text = readFileSync(file, 'utf8');
    if (text.includes(expected)) return text;
    if (await page.locator('.tabs-container .tab.active.dirty').count()) await page.keyboard.press('Control+S');
    return false;
  });
}

test('squiggle; Show documentation opens the rule docs; Ctrl+. then Enter scopes the query, and Ctrl+S writes it to disk', { timeout: 900_000 }, () =>
  inWorkbench({ name: 'vscode-ui', trusted: true, screenshot: 'ui-quick-fix.png' }, async ({ page, context, workspace }) => {
    const file = join(workspace, 'src/recordings.ts');
    const squiggle = page.locator('.monaco-editor .squiggly-warning').first();
    await squiggle.waitFor({ timeout: 240_000 });
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').getByText('`findMany` on Recording is not filtered by its owner', { exact: false }).first().waitFor();

    const widget = page.locator('.action-widget').first();
    const openMenu = async () => {
      // The squiggle lies under the text layer: click the text at its centre to put the cursor there.
      // After the docs page the editor re-renders: the squiggle may exist before it has a box again.
      const b = await box(squiggle);
      await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
      await quickFixMenu(page);
    };

    // The server asks for window/showDocument (external); the browser opens the page, after VS Code's
    // prompt for a domain it does not trust yet. There is no internet: the page is answered here.
    const opened = [];
    await context.route('https://github.com/**', (route) => {
      opened.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/plain', body: 'the rule documentation' });
    });
    await openMenu();
    await widget.getByText('Show documentation for data-isolation/require-owner-scope', { exact: true }).click();
    const prompt = page.locator('.monaco-dialog-box');
    await prompt.getByText('to open the external website?', { exact: false }).waitFor();
    await prompt.getByText(DOCS, { exact: true }).waitFor();
    await prompt.getByRole('button', { name: 'Open', exact: true }).click();
    await until('the documentation page', () => opened.includes(DOCS));
    await page.bringToFront();

    await openMenu();
    const saved = await acceptFixAndSave(page, file, 'consultation: { patientId');
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

test('in a workspace outside this repository (its own npm install of the packed plugin): the finding, its hover, the quick fix, the Data isolation view and the schema CodeLens', { timeout: 900_000 }, async () => {
  const outside = await outsideWorkspace;
  await inWorkbench({ name: 'vscode-ui-outside', workspace: outside.dir, open: 'src/routes/recordings.ts', trusted: true, screenshot: 'ui-outside.png' }, async ({ page, workspace }) => {
    const file = join(workspace, 'src/routes/recordings.ts');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    // The app's `recommended` config makes the finding an error.
    const squiggle = page.locator('.monaco-editor .squiggly-error').first();
    await squiggle.waitFor({ timeout: 240_000 });

    // Hover: what leaks and how to fix it.
    const hover = page.locator('.monaco-hover', { hasText: 'Data isolation — Unscoped query on' }).first();
    await until('the hover', async () => {
      const b = await box(squiggle);
      await page.mouse.move(b.x + b.width / 2 - 3, b.y + b.height / 2);
      await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
      return hover.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false);
    });
    const hoverText = (await hover.innerText()).replace(/\s+/g, ' ');
    assert.match(hoverText, /Unscoped query on Recording/);
    assert.match(hoverText, /Model: Recording · Operation: findMany/);
    assert.match(hoverText, /available as a quick fix/);
    await shoot(page, 'hover.png', [await box(squiggle), await box(hover)], await box(editor));
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');

    // The quick fix menu (Ctrl+.), its first item the rule's suggestion.
    const widget = page.locator('.action-widget').first();
    const squiggleBox = await box(squiggle);
    await page.mouse.click(squiggleBox.x + squiggleBox.width / 2, squiggleBox.y + squiggleBox.height / 2);
    await quickFixMenu(page);
    const focused = await widget.locator('.monaco-list-row.focused').first().innerText({ timeout: 5000 });
    assert.match(focused, /^Filter by `consultation: \{ patientId: session\.user\.id \}`\./);
    await widget.getByText('Suppress data-isolation/require-owner-scope for this line', { exact: false }).first().waitFor();
    await shoot(page, 'quick-fix.png', [squiggleBox, await box(widget)], await box(editor));
    await page.keyboard.press('Escape');

    // The Data isolation view, scanned from its title button: an icon, and the view's whole name.
    await page.keyboard.press('F1');
    await page.keyboard.type('Data isolation: Show queries on owner-scoped models');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show queries on owner-scoped models' }).first().click();
    const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Data isolation' }) }).first();
    await pane.locator('.pane-header').hover();
    const scan = pane.locator('.pane-header .actions').getByRole('button', { name: 'Scan workspace for queries on owner-scoped models' });
    await scan.waitFor();
    assert.match(await scan.getAttribute('class'), /codicon-refresh/);
    assert.equal((await scan.innerText()).trim(), '', 'the action is an icon, not its title');
    const title = pane.locator('.pane-header h3.title');
    assert.equal(await title.textContent(), 'Data isolation');
    assert.ok(await title.evaluate((el) => el.scrollWidth <= el.clientWidth), 'the view name is not truncated');
    await scan.click();
    // A model's row: its name and, as description, its counts (the rows of its queries have no twistie).
    const groups = pane.locator('.monaco-list-row', { has: page.locator('.monaco-tl-twistie.collapsible') });
    const queryRows = pane.locator('.monaco-list-row', { hasNot: page.locator('.monaco-tl-twistie.collapsible') });
    const rowText = async (row) => `${await row.locator('.label-name').first().textContent()} ${await row.locator('.label-description').first().textContent()}`;
    await until('the scanned queries', async () => /^\w+ \d+ queries · \d+ unscoped/.test(await rowText(groups.first()).catch(() => '')));

    // The schema: a CodeLens per model with its queries; clicking one reveals the model in the view.
    await openFile(page, 'prisma/schema.prisma');
    // Go to `model Recording {` (Ctrl+G): the editor scrolls to it, and its CodeLens is the one above the cursor.
    const line = readFileSync(join(workspace, 'prisma/schema.prisma'), 'utf8').split('\n').indexOf('model Recording {') + 1;
    assert.ok(line > 0);
    // Asked again until the cursor is there: a Ctrl+G pressed while the workbench still moves focus (the
    // view's scan has just ended) can open the quick input without the editor taking the line.
    const atLine = async () => (await page.locator('.statusbar-item', { hasText: `Ln ${line},` }).count()) > 0;
    await until(`the cursor on line ${line}`, async () => {
      if (await atLine()) return true;
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+G');
      const input = page.locator('.quick-input-widget input');
      if (!(await input.isVisible().catch(() => false))) return false;
      await input.fill(`:${line}`);
      await page.keyboard.press('Enter');
      return (await until('the status bar to follow', atLine, 2_000).catch(() => false)) === true;
    });
    const cursor = await box(page.locator('.editor-instance .monaco-editor .cursors-layer .cursor').first());
    const lenses = page.locator('.editor-instance .codelens-decoration');
    const lens = await until('the CodeLens above `model Recording {`', async () => {
      for (const candidate of await lenses.all()) {
        const b = await candidate.boundingBox().catch(() => null);
        if (b && Math.abs(b.y + b.height - cursor.y) < 2 * cursor.height && /unscoped/.test(await candidate.innerText())) return candidate;
      }
      return false;
    });
    const lensText = (await lens.innerText()).replace(/\s+/g, ' ').trim();
    assert.match(lensText, /^\d+ quer(y|ies) · [1-9]\d* unscoped/);
    const lensBox = await box(lens);
    await shoot(page, 'codelens.png', [lensBox, { x: lensBox.x, y: lensBox.y + 200, width: 620, height: 1 }], await box(editor));
    await lens.locator('a').first().click();
    const revealed = groups.and(pane.locator('.monaco-list-row.focused'));
    await until('the model revealed in the view', async () => (await rowText(revealed).catch(() => '')).endsWith(` ${lensText}`));
    assert.equal(await rowText(revealed), `Recording ${lensText}`);
    await until('its queries listed', async () => (await queryRows.count()) > 0);
    await shoot(page, 'view.png', [await box(page.locator('.part.sidebar'))]);

    // Back to the query from the view (a click on its row), the quick fix applied and saved, the squiggle gone.
    await queryRows.filter({ hasText: 'findMany · recordings.ts:12' }).first().click();
    const again = await box(page.locator('.editor-instance .monaco-editor .squiggly-error').first());
    await page.mouse.click(again.x + again.width / 2, again.y + again.height / 2);
    await quickFixMenu(page);
    await acceptFixAndSave(page, file, 'where: { consultationId, consultation: { patientId: session.user.id } }');
    await until('the squiggle to go', async () => (await page.locator('.monaco-editor .squiggly-error').count()) === 0);
  });
});

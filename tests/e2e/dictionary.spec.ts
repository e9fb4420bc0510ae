import { expect, test, type Page } from '@playwright/test';
import { createTablesFor } from './dictionary_ddl';
import { errorOutputs, runInNewCell, waitForIdleKernel } from './notebook';
import { manifestOf } from './tutorials';

// The same spec runs against the lite site and against `jupyter lab` with the wheel.
function labUrl(project: string, notebook?: string): string {
  if (project === 'lite') {
    return notebook ? `lab/index.html?path=${notebook}` : 'lab/index.html';
  }
  return notebook ? `lab/tree/${notebook}` : 'lab';
}

async function openPanel(page: Page, name = 'SNDS dictionary') {
  // Exact: the join graph's tab has "SNDS" in its name too.
  const tab = page.getByRole('tab', { name, exact: true });
  const panel = page.getByRole('region', { name });
  await expect(tab).toBeVisible();
  // JupyterLab restores the sidebar from the server's workspace, maybe just
  // after a click (which then closes it again): click until it is open.
  await expect(async () => {
    if (!(await panel.isVisible())) {
      await tab.click();
    }
    await expect(panel).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
  return panel;
}

/** Settings › Theme › name, through JupyterLab's menu (its submenu titles have no menuitem role). */
async function setTheme(page: Page, name: string) {
  await page.getByRole('menuitem', { name: 'Settings', exact: true }).click();
  await page.getByRole('menu').getByText('Theme', { exact: true }).click();
  // Unchecked themes are menuitems, the current one a menuitemcheckbox.
  await page
    .getByRole('menuitem', { name, exact: true })
    .or(page.getByRole('menuitemcheckbox', { name, exact: true }))
    .click();
}

/** Settings › Language › French, as a user does it; the page reloads in French. */
async function switchToFrench(page: Page) {
  // JupyterLab's server restores its workspace: the launcher may not be there.
  await expect(
    page.getByRole('tab', { name: 'SNDS dictionary', exact: true })
  ).toBeVisible();
  await page.getByRole('menuitem', { name: 'Settings', exact: true }).click();
  await page.getByRole('menu').getByText('Language', { exact: true }).click();
  await page.getByRole('menuitem', { name: /français/i }).click();
  await page.getByRole('button', { name: 'Change and reload' }).click();
  await expect(
    page.getByRole('menuitem', { name: 'Paramètres', exact: true })
  ).toBeVisible();
}

/** The JupyterLab server keeps its settings between tests: back to English. */
async function backToEnglish(page: Page, project: string) {
  if (project === 'jupyterlab') {
    await page.request.put(
      'lab/api/settings/@jupyterlab/translation-extension:plugin',
      { data: { raw: '{}' } }
    );
  }
}

/** Runs `body` on the lab switched to French, with no page error; English again after. */
async function inFrench(
  page: Page,
  project: string,
  body: () => Promise<void>
) {
  const pageErrors: string[] = [];
  page.on('pageerror', e => pageErrors.push(e.message));
  try {
    await page.goto(labUrl(project));
    await switchToFrench(page);
    await body();
    expect(pageErrors).toEqual([]);
  } finally {
    await backToEnglish(page, project);
  }
}

test.describe('SNDS dictionary sidebar', () => {
  test('should browse, search, open a table and a nomenclature, and keep them after a reload', async ({
    page
  }, testInfo) => {
    const pageErrors: string[] = [];
    page.on('pageerror', e => pageErrors.push(e.message));
    await page.goto(labUrl(testInfo.project.name));
    // The launcher (JupyterLab) or the landing notebook (lite site) takes the
    // focus when it opens: let it, before using the keyboard.
    const first =
      testInfo.project.name === 'lite' ? manifestOf().landing : 'Launcher';
    await expect(page.getByRole('tab', { name: first })).toBeVisible();
    const panel = await openPanel(page);

    // Browse: products, then their tables with titles and counts, by keyboard.
    const tree = panel.getByRole('tree', { name: 'SNDS products and tables' });
    const dcir = tree.getByRole('treeitem', { name: /^DCIR \d+ tables/ });
    await expect(dcir).toHaveAttribute('aria-expanded', 'false');
    await dcir.click();
    await expect(dcir).toHaveAttribute('aria-expanded', 'true');
    await expect(
      dcir.getByRole('treeitem', { name: /^ER_PRS_F .*122 columns/ })
    ).toBeVisible();
    await dcir.press('ArrowLeft');
    await expect(dcir).toHaveAttribute('aria-expanded', 'false');
    await dcir.press('ArrowRight');
    await expect(dcir).toHaveAttribute('aria-expanded', 'true');
    await dcir.press('ArrowDown');
    await expect(dcir.getByRole('treeitem').first()).toBeFocused();
    await panel.screenshot({
      path: testInfo.outputPath('panel-light-browse.png')
    });

    // Search as you type, grouped, highlighted.
    const search = panel.getByRole('searchbox', {
      name: 'Search the SNDS dictionary'
    });
    await search.fill('prestation');
    const results = panel.getByRole('listbox', { name: 'Search results' });
    const tables = results.getByRole('group', { name: /^Tables/ });
    const prs = tables.getByRole('option', { name: /^ER_PRS_F/ });
    await expect(prs).toBeVisible();
    await expect(results.locator('mark').first()).toHaveText(/prestation/i);
    await expect(
      results.getByRole('group', { name: /^Columns/ })
    ).toBeVisible();
    await panel.screenshot({
      path: testInfo.outputPath('panel-light-search.png')
    });

    // Keyboard: the first option of an exact name, then Enter opens it.
    await search.fill('ER_PRS_F');
    await search.press('ArrowDown');
    await expect(search).toHaveAttribute('aria-activedescendant', /.+/);
    await search.press('Enter');
    const columns = panel.getByRole('table', { name: 'Columns of ER_PRS_F' });
    await expect(columns.locator('tbody').getByRole('row')).toHaveCount(122);
    await expect(
      panel.getByRole('heading', { name: 'ER_PRS_F' })
    ).toBeVisible();
    await expect(panel.getByText('Primary key')).toBeVisible();
    await expect(
      panel
        .getByRole('list', { name: 'Links to' })
        .getByRole('button', { name: 'IR_BEN_R' })
    ).toBeVisible();
    await expect(search).toHaveValue('');
    await panel.screenshot({
      path: testInfo.outputPath('panel-light-table.png')
    });

    // A column's nomenclature, loaded lazily, then filtered.
    await search.fill('BEN_SEX_COD');
    await results
      .getByRole('option', { name: /^BEN_SEX_COD .*IR_BEN_R/ })
      .click();
    const values = panel.getByRole('list', { name: 'Values of IR_SEX_V' });
    await expect(values.getByRole('listitem')).toHaveCount(4);
    await expect(values).toContainText('MASCULIN');
    await expect(values).toContainText('FEMININ');
    await panel
      .getByRole('searchbox', { name: 'Filter the values of IR_SEX_V' })
      .fill('fémin');
    await expect(values.getByRole('listitem')).toHaveCount(1);
    await expect(values.getByRole('listitem')).toContainText('2');

    // The largest list scrolls without rendering every row.
    await search.fill('');
    await page.getByRole('tab', { name: 'SNDS' }).focus();
    await search.fill('DGN_PAL');
    await results.getByRole('option', { name: /^DGN_PAL .*T_MCOaaB/ }).click();
    const cim = panel.getByRole('list', {
      name: /^Values of (CIM|MS_CIM_V|IR_CIM_V)/
    });
    await expect(
      panel.getByRole('status').filter({
        hasText: /1\d,\d{3} values|1\d \d{3} values|1\d\d{3} values/
      })
    ).toBeVisible();
    const rendered = await cim.getByRole('listitem').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(200);
    await expect(cim.getByRole('listitem').first()).toHaveAttribute(
      'aria-setsize',
      /^1\d{4}$/
    );

    // Back to ER_PRS_F, then the state survives a reload.
    await search.fill('ER_PRS_F');
    await search.press('Enter');
    await expect(columns.locator('tbody').getByRole('row')).toHaveCount(122);
    await page.waitForTimeout(1000); // the state is written after a pause in typing
    await page.reload();
    await expect(
      page
        .getByRole('region', { name: 'SNDS dictionary' })
        .getByRole('table', { name: 'Columns of ER_PRS_F' })
    ).toBeVisible();

    // Dark theme through JupyterLab's own menu.
    await setTheme(page, 'JupyterLab Dark');
    await expect(page.locator('body')).toHaveAttribute(
      'data-jp-theme-light',
      'false'
    );
    const darkPanel = page.getByRole('region', { name: 'SNDS dictionary' });
    const background = await darkPanel.evaluate(
      el => getComputedStyle(el).backgroundColor
    );
    expect(background).not.toBe('rgb(255, 255, 255)');
    await darkPanel.screenshot({
      path: testInfo.outputPath('panel-dark-table.png')
    });
    await setTheme(page, 'JupyterLab Light');
    expect(pageErrors).toEqual([]);
  });

  test('should find the join path of ER_PHA_F and T_MCOaaC, insert its SQL and run it on the kernel', async ({
    page
  }, testInfo) => {
    const pageErrors: string[] = [];
    page.on('pageerror', e => pageErrors.push(e.message));
    await page.goto(labUrl(testInfo.project.name, '00-bienvenue.ipynb'));
    await waitForIdleKernel(page);

    // The tables are empty until the generator lands: create them first.
    const ddl = createTablesFor('ER_PHA_F', 'T_MCOaaC', 2019);
    await runInNewCell(
      page,
      [
        'import snds',
        `for _s in ${JSON.stringify(ddl)}:`,
        '    snds.sql(_s)',
        'print("created", len(' + JSON.stringify(ddl) + '))',
        ''
      ].join('\n')
    );
    await expect(page.locator('.jp-OutputArea-output').last()).toContainText(
      'created 4',
      { timeout: 180_000 }
    );

    const panel = await openPanel(page);
    await panel.getByRole('button', { name: 'Join graph' }).click();
    const graph = page.getByRole('form', { name: 'Join path' });
    await expect(
      page
        .getByRole('img', { name: /Join graph of the SNDS tables/ })
        .locator('canvas')
        .first()
    ).toBeVisible();
    await expect(
      page.getByRole('group', { name: 'Products' }).getByRole('checkbox')
    ).not.toHaveCount(0);
    await graph.getByRole('combobox', { name: 'From table' }).fill('ER_PHA_F');
    await graph.getByRole('combobox', { name: 'To table' }).fill('T_MCOaaC');
    await graph.getByRole('button', { name: 'Show path' }).click();
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: 'ER_PHA_F → ER_PRS_F → IR_BEN_R → T_MCOaaC' })
    ).toBeVisible();
    await page.waitForTimeout(400); // the fit animation
    await page
      .locator('.jp-SndsGraph')
      .screenshot({ path: testInfo.outputPath('graph-path.png') });

    await graph.getByRole('button', { name: 'Insert join SQL' }).click();
    const cell = page
      .locator('.jp-Notebook .jp-Cell')
      .filter({ hasText: 'INNER JOIN T_MCO19C' });
    await expect(cell).toHaveCount(1);
    await expect(cell).toContainText('snds.sql("""');
    await cell.locator('.jp-InputArea-editor').click();
    await page.keyboard.press('Shift+Enter');
    await expect(cell.locator('.jp-OutputArea-output')).not.toHaveCount(0, {
      timeout: 120_000
    });
    await expect(errorOutputs(page)).toHaveCount(0);
    await expect(cell.locator('.jp-OutputArea-output')).not.toContainText(
      /Error/
    );
    expect(pageErrors).toEqual([]);
  });

  test('should speak French once French is the language, and find values of unopened nomenclatures', async ({
    page
  }, testInfo) => {
    // JupyterLab's own strings come from the language pack, ours from snds_lab.json.
    await inFrench(page, testInfo.project.name, async () => {
      const panel = await openPanel(page, 'Dictionnaire SNDS');
      // The panel may come back on a table (the layout restorer): go to the browse view.
      await panel
        .getByRole('button', { name: 'Parcourir les produits et les tables' })
        .click();
      await expect(
        panel.getByRole('tree', { name: 'Produits et tables du SNDS' })
      ).toBeVisible();
      await expect(
        panel.getByRole('button', { name: 'Graphe des jointures' })
      ).toBeVisible();
      const search = panel.getByRole('searchbox', {
        name: 'Rechercher dans le dictionnaire SNDS'
      });
      // No nomenclature was opened: the value comes from the index of every value.
      await search.fill('diabète sucré type 2');
      const results = panel.getByRole('listbox', {
        name: 'Résultats de la recherche'
      });
      const values = results.getByRole('group', {
        name: /^Valeurs de nomenclature/
      });
      await expect(
        values.getByRole('option', { name: /^E11 Diabète sucré de type 2/ })
      ).not.toHaveCount(0);
      // Every query word is in these values and in no column: they come first.
      await expect(results.getByRole('group').first()).toHaveAccessibleName(
        /^Valeurs de nomenclature/
      );
      await panel.screenshot({
        path: testInfo.outputPath('panel-fr-search.png')
      });
      await search.fill('');
      await panel
        .getByRole('tree', { name: 'Produits et tables du SNDS' })
        .getByRole('treeitem', { name: /^DCIR \d+ tables/ })
        .click();
      await expect(
        panel.getByRole('treeitem', { name: /^ER_PRS_F .*122 variables/ })
      ).toBeVisible();
      await panel.screenshot({
        path: testInfo.outputPath('panel-fr-browse.png')
      });
    });
  });

  test('should show the settings of the SNDS extensions in French in the Settings Editor', async ({
    page
  }, testInfo) => {
    await inFrench(page, testInfo.project.name, async () => {
      await page
        .getByRole('menuitem', { name: 'Paramètres', exact: true })
        .click();
      await page
        .getByRole('menuitem', { name: /^Éditeur de paramètres/ })
        .click();
      // Neither JupyterLite nor the server translates our schemas: the titles come
      // from snds_lab.json through the settings registry's transform.
      const editor = page.getByRole('tabpanel', { name: 'Paramètres' });
      for (const name of [
        'Module snds des noyaux',
        'Tutoriels SNDS',
        'Dictionnaire SNDS'
      ]) {
        await expect(
          editor.getByRole('tab', { name, exact: true })
        ).toBeVisible();
      }
      await editor
        .getByRole('tab', { name: 'Dictionnaire SNDS', exact: true })
        .click();
      const heading = editor.getByRole('heading', {
        name: 'Dictionnaire SNDS',
        level: 2
      });
      await expect(heading).toBeVisible();
      await expect(heading).toHaveAccessibleDescription(
        'Réglages du panneau Dictionnaire SNDS : comment les extraits SQL sont écrits et où ils sont insérés.'
      );
      const form = editor.getByRole('group', { name: 'Dictionnaire SNDS' });
      await expect(
        form.getByRole('heading', { name: 'Style des extraits' })
      ).toBeVisible();
      // `%%sql` shows as written: gettext would turn an undoubled %% into %.
      await expect(
        form.getByText(/ou une cellule `%%sql` \(magic\)\.$/)
      ).toBeVisible();
      await expect(
        form.getByRole('checkbox', { name: 'Chaînages PMSI valides seulement' })
      ).toBeVisible();
      await page.screenshot({
        path: testInfo.outputPath('settings-fr.png')
      });
    });
  });
});

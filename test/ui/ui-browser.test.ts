// The dashboard in a real browser (headless Chromium) over a database filled by real `rnnlab run` sweeps of the
// fixture corpus: the experiments list, a run table updating live while a sweep trains (no reload), curves with the
// right number of lines, the compare table equal to `rnnlab compare --format json`, the sample view, and the SQL box
// refusing a DELETE. RNNLAB_UI_SCREENSHOT=PATH also saves the screenshot the README shows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { openStore } from '../../src/store/results-store.js';
import { bruteLongestRepeat } from '../helpers/brute-longest-repeat.js';
import { browserMissing, browserRequired, launchChromium } from '../helpers/launch-chromium.js';
import { cliPath, fixturesDir } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { startTestUi, type TestUi } from '../helpers/start-test-ui.js';

const tinySweepSpec = join(fixturesDir, 'runner', 'tiny-sweep.yaml'); // 2 models × 2 seeds, 3 epochs

/** Long enough to watch: 2 models × 2 seeds, 10 epochs each, on the fixture corpus. */
function writeLiveSpec(dir: string): string {
  const path = join(dir, 'live.yaml');
  writeFileSync(
    path,
    `name: live
corpus: {path: ${JSON.stringify(join(fixturesDir, 'runner', 'corpus'))}, documents: 3, vocabulary_documents: 4, min_count: 0,
         validation: {rule: fraction, fraction: 0.2}}
model: {hidden: 8, context: 4}
train: {num_unroll: 5, batch_size: 4, learning_rate: 0.01, schedule: epochs, epochs: 10}
generation: {length: 30, reset: zeros}
seeds: [1, 2]
grid: {model.type: [rnn, rnncf]}
`,
  );
  return path;
}

async function cells(page: Page, selector: string): Promise<string[][]> {
  return page.$$eval(selector, (rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
}

/** Legend rows of the chart's lines (not the epoch row, not the hidden band edges). */
async function legendLabels(page: Page): Promise<string[]> {
  return page.$$eval('.chart .u-legend .u-series', (rows) =>
    rows
      .filter((row, i) => i > 0 && getComputedStyle(row).display !== 'none')
      .map((row) => (row.querySelector('.u-label')?.textContent ?? '').trim()),
  );
}

const missing = browserMissing();

if (missing !== null) {
  // One visible skip (or, when CI requires the browser, one failure) instead of a silent empty suite.
  test('rnnlab ui in headless Chromium', { skip: browserRequired ? false : `${missing}; RNNLAB_REQUIRE_BROWSER=1 makes this a failure` }, () => {
    throw new Error(`RNNLAB_REQUIRE_BROWSER=1 but ${missing}`);
  });
} else describe('rnnlab ui in headless Chromium', () => {
  let dir = '';
  let dbPath = '';
  let ui: TestUi;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rnnlab-ui-browser-'));
    dbPath = join(dir, 'runs', 'results.sqlite');
    const sweep = await runCli(['run', tinySweepSpec, '--db', dbPath, '--workers', '2']);
    assert.equal(sweep.code, 0, sweep.stderr);
    ui = await startTestUi([dbPath], {}, 300);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.setDefaultTimeout(20_000);
  });

  after(async () => {
    await browser?.close();
    await ui?.close();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  test('experiments list: the experiment with its runs by status', async () => {
    await page.goto(ui.url);
    await page.waitForSelector('#experiments tr[data-experiment="tiny-sweep"]');
    const row = (await cells(page, '#experiments tr[data-experiment="tiny-sweep"]'))[0];
    const headers = await page.$$eval('#experiments th', (ths) => ths.map((th) => (th.textContent ?? '').trim()));
    const at = (name: string) => row[headers.indexOf(name)];
    assert.deepEqual([at('experiment'), at('runs'), at('finished'), at('running'), at('failed')], ['tiny-sweep', '4', '4', '0', '0']);
    assert.deepEqual(pageErrors, []);
  });

  test('curves: one line per grid point, one per chosen run, one for the whole experiment; hover shows values', async () => {
    await page.goto(`${ui.url}#/experiment?db=0&name=tiny-sweep&tab=curves`);
    await page.waitForSelector('.chart canvas');
    assert.deepEqual(await legendLabels(page), ['type=rnn', 'type=rnncf']);
    const box = await page.locator('.chart .u-over').boundingBox();
    assert.ok(box !== null);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const values = await page.$$eval('.chart .u-legend .u-series .u-value', (tds) => tds.map((td) => (td.textContent ?? '').trim()));
    assert.ok(values.slice(1).some((value) => /^\d+(\.\d+)?$/.test(value)), `legend values on hover: ${values.join(' | ')}`);

    const store = openStore(dbPath, { readonly: true });
    const ids = store.listRuns({ experiment: 'tiny-sweep' }).map((run) => run.id);
    store.close();
    await page.goto(`${ui.url}#/experiment?db=0&name=tiny-sweep&tab=curves&mode=runs&runs=${ids.slice(0, 3).join(',')}`);
    await page.waitForFunction(() => document.querySelectorAll('.chart .u-legend .u-series').length === 4);
    assert.deepEqual((await legendLabels(page)).map((label) => label.slice(0, 8)), ids.slice(0, 3).map((id) => id.slice(0, 8)));
    await page.goto(`${ui.url}#/experiment?db=0&name=tiny-sweep&tab=curves`);
    await page.waitForSelector('.chart canvas');
    await page.uncheck('input[data-by="model.type"]');
    await page.waitForFunction(() => document.querySelectorAll('.chart .u-legend .u-series:not(.band-edge)').length === 2);
    assert.deepEqual(await legendLabels(page), ['tiny-sweep']);
  });

  test('compare: the table equals `rnnlab compare --format json`', async () => {
    const cli = await runCli(['compare', 'tiny-sweep', '--db', dbPath, '--format', 'json']);
    assert.equal(cli.code, 0, cli.stderr);
    const lines = JSON.parse(cli.stdout) as { grid: Record<string, string>; mean: number; std: number; n: number }[];
    await page.goto(`${ui.url}#/experiment?db=0&name=tiny-sweep&tab=compare`);
    await page.waitForSelector('#compare tbody tr');
    assert.deepEqual(
      await cells(page, '#compare tbody tr'),
      lines.map((line) => [line.grid['model.type'], `${line.mean.toFixed(2)} ± ${line.std.toFixed(2)}`, String(line.n)]),
    );
    // The options are the CLI's: --at last changes the numbers the same way.
    const last = JSON.parse((await runCli(['compare', 'tiny-sweep', '--db', dbPath, '--format', 'json', '--at', 'last'])).stdout);
    await page.fill('input[data-option="at"]', 'last');
    await page.press('input[data-option="at"]', 'Enter');
    await page.waitForFunction(() => document.querySelector('#compare th:nth-child(2)')?.textContent === 'valid_perplexity (last)');
    assert.deepEqual(
      (await cells(page, '#compare tbody tr')).map((row) => row[1]),
      last.map((line: { mean: number; std: number }) => `${line.mean.toFixed(2)} ± ${line.std.toFixed(2)}`),
    );
  });

  test('samples: two runs side by side per epoch, the longest repeated substring highlighted', async () => {
    const store = openStore(dbPath, { readonly: true });
    const [a, b] = store.listRuns({ experiment: 'tiny-sweep' }).map((run) => run.id);
    const samplesA = store.samples(a);
    const samplesB = store.samples(b);
    store.close();
    await page.goto(`${ui.url}#/experiment?db=0&name=tiny-sweep&tab=samples&a=${a}&b=${b}`);
    await page.waitForSelector('#samples [data-epoch]');
    assert.deepEqual(await page.$$eval('#samples [data-epoch]', (els) => els.map((el) => el.textContent)), ['1', '2', '3']);
    const shown = await page.$$eval('#samples [data-side="a"] .sample', (els) => els.map((el) => el.textContent));
    assert.deepEqual(shown, samplesA.map((sample) => sample.text));
    const shownB = await page.$$eval('#samples [data-side="b"] .sample', (els) => els.map((el) => el.textContent));
    assert.deepEqual(shownB, samplesB.map((sample) => sample.text));
    const first = samplesA[0].text;
    const repeat = bruteLongestRepeat(first);
    const marks = await page.$$eval('#samples [data-side="a"] .sample', (els) =>
      [...els[0].querySelectorAll('mark.repeat')].map((mark) => mark.textContent ?? ''),
    );
    if (repeat.length === 0) assert.deepEqual(marks, []);
    // Overlapping occurrences merge into one mark that starts with the repeated text.
    else assert.ok(marks.length > 0 && marks[0].startsWith(first.slice(repeat.start, repeat.start + repeat.length)), marks.join('|'));
  });

  test('run page: its epochs and its config diffed against another run', async () => {
    const store = openStore(dbPath, { readonly: true });
    const [a, b] = store.listRuns({ experiment: 'tiny-sweep' }).map((run) => run.id);
    const epochs = store.epochs([a]);
    store.close();
    await page.goto(`${ui.url}#/run?db=0&id=${a}`);
    await page.waitForSelector('#epochs tbody tr');
    assert.equal(await page.textContent('h1'), `run ${a}`);
    assert.deepEqual(
      (await cells(page, '#epochs tbody tr')).map((row) => row[4]),
      epochs.map((row) => (row.validPerplexity as number).toFixed(2)),
    );
    await page.selectOption('select[data-control="diff"]', b);
    await page.waitForSelector('#config-diff');
    assert.deepEqual(await cells(page, '#config-diff tbody tr'), [['seed', '1', '2']]);
  });

  test('SQL box: a DELETE is refused with the message `rnnlab query` gives; a SELECT shows its rows', async () => {
    await page.goto(`${ui.url}#/sql`);
    await page.waitForSelector('.schema li');
    await page.fill('#sql-input', 'DELETE FROM runs');
    await page.click('#sql-run');
    await page.waitForSelector('#sql-error');
    assert.equal(
      await page.textContent('#sql-error'),
      'query is read-only: the statement would change the database: DELETE FROM runs',
    );
    await page.fill('#sql-input', "SELECT count(*) AS runs FROM runs WHERE status = 'finished'");
    await page.click('#sql-run');
    await page.waitForSelector('#sql-result');
    assert.deepEqual(await cells(page, '#sql-result tbody tr'), [['4']]);
    assert.equal(await page.getAttribute('#sql-csv', 'href'), `/api/query.csv?db=0&sql=${new URLSearchParams({ s: "SELECT count(*) AS runs FROM runs WHERE status = 'finished'" }).toString().slice(2)}`);
  });

  test('live: a sweep started in the background appears and its running runs advance without a reload', async () => {
    await page.goto(ui.url);
    await page.waitForSelector('#experiments tr[data-experiment="tiny-sweep"]');
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const spec = writeLiveSpec(dir);
    const sweep: ChildProcess = spawn(process.execPath, [cliPath, 'run', spec, '--db', dbPath, '--workers', '2'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let sweepErr = '';
    sweep.stderr?.on('data', (chunk) => (sweepErr += chunk));
    const sweepDone = new Promise<number | null>((done) => sweep.on('exit', (code) => done(code)));
    try {
      await page.waitForSelector('#experiments tr[data-experiment="live"] a', { timeout: 60_000 });
      await page.click('#experiments tr[data-experiment="live"] a');
      // Watch a running run with epochs still to go: its epoch cell must move on while the page stays loaded.
      const handle = await page.waitForFunction(
        () =>
          [...document.querySelectorAll('#runs tr[data-status="running"]')]
            .find((tr) => Number((tr.querySelector('td[data-col="epoch"]')?.textContent ?? '10').split('/')[0]) < 8)
            ?.getAttribute('data-run'),
        undefined,
        { timeout: 60_000, polling: 100 },
      );
      const runId = (await handle.jsonValue()) as string;
      const epochCell = `#runs tr[data-run="${runId}"] td[data-col="epoch"]`;
      const epochOf = async () => Number(((await page.textContent(epochCell)) ?? '0/10').split('/')[0]);
      const firstSeen = await epochOf();
      await page.waitForFunction(
        ([selector, seen]) => Number((document.querySelector(selector as string)?.textContent ?? '0').split('/')[0]) > (seen as number),
        [epochCell, firstSeen],
        { timeout: 60_000 },
      );
      assert.match((await page.textContent(`#runs tr[data-run="${runId}"] td[data-col="tokens"]`)) ?? '', /^\d+$/);
      await page.waitForFunction(
        () => [...document.querySelectorAll('#runs tbody tr')].filter((tr) => tr.getAttribute('data-status') === 'finished').length === 4,
        undefined,
        { timeout: 90_000 },
      );
      assert.equal(await sweepDone, 0, sweepErr);
      assert.deepEqual(
        await page.$$eval('#runs tbody td[data-col="epoch"]', (tds) => tds.map((td) => td.textContent)),
        ['10/10', '10/10', '10/10', '10/10'],
      );
      assert.equal(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), true);
    } finally {
      if (sweep.exitCode === null) sweep.kill('SIGINT');
      await sweepDone;
    }
    // The README's picture: the live experiment's curves, two models with their seed bands.
    await page.goto(`${ui.url}#/experiment?db=0&name=live&tab=curves`);
    await page.waitForSelector('.chart canvas');
    await page.mouse.move(0, 0);
    const shot = join(dir, 'ui.png');
    await page.screenshot({ path: shot, fullPage: false });
    if (process.env.RNNLAB_UI_SCREENSHOT) {
      mkdirSync(dirname(process.env.RNNLAB_UI_SCREENSHOT), { recursive: true });
      copyFileSync(shot, process.env.RNNLAB_UI_SCREENSHOT);
    }
    assert.deepEqual(pageErrors, []);
  });
});

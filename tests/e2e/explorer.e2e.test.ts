/**
 * The explorer and the dashboard in a real browser (Debian's chromium, driven by playwright-core)
 * against the real hub, with the network cut off from everything but localhost: a page that
 * tried to load anything from elsewhere (a CDN script, a web font, a worker) fails the test.
 * Screenshots and downloads are kept in test-artifacts/e2e/.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../schema/registry';
import { startTestHub, type TestHub } from '../support/test-hub';

jest.setTimeout(180_000);

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e');
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

let hub: TestHub;
let context: BrowserContext;
let profile: string;
/** Every request the browser tried to send anywhere but this machine. */
const outside: string[] = [];
/** Uncaught page errors and console errors (a Content-Security-Policy refusal lands here). */
const problems: string[] = [];

function watch(page: Page): void {
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
}

/** A Monaco pane's visible text (Monaco renders spaces as no-break spaces). */
async function paneText(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).innerText()).replace(/\u00a0/g, ' ');
}

async function newPage(): Promise<Page> {
  const page = await context.newPage();
  watch(page);
  return page;
}

/** Waits until `read` gives something `accept` takes, or fails naming what it saw last. */
async function eventually<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(last)?.slice(0, 500)}`);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests need Debian's Chromium at ${CHROMIUM}, which is missing. Install it with ` +
        '`apt-get install chromium` (.ci/run does so), or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
  await mkdir(ARTIFACTS, { recursive: true });
  hub = await startTestHub();
  profile = await mkdtemp(path.join(tmpdir(), 'hub-e2e-profile-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1440, height: 900 },
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    acceptDownloads: true,
  });
  // The network as in a government network that reaches only the gateway.
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || LOCAL_HOSTS.has(url.hostname)) {
      await route.continue();
      return;
    }
    outside.push(url.href);
    await route.abort('blockedbyclient');
  });
  context.on('request', (request) => {
    const url = new URL(request.url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !LOCAL_HOSTS.has(url.hostname)) {
      if (!outside.includes(url.href)) outside.push(url.href);
    }
  });
  for (const page of context.pages()) await page.close();
});

afterAll(async () => {
  await context?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
  await hub?.stop();
});

afterEach(() => {
  const seen = { outside: outside.splice(0), problems: problems.splice(0) };
  expect(seen).toEqual({ outside: [], problems: [] });
});

describe('the explorer', () => {
  it('runs the saved headline query from its tab and offers the result as CSV', async () => {
    const page = await newPage();
    await page.goto(`${hub.gateway.url}/`);
    expect(new URL(page.url()).pathname).toBe('/explorer');

    const tab = page.locator('.graphiql-tab', { hasText: 'OffersWomenNuremberg' });
    await tab.waitFor();
    await tab.click();
    // The saved variables are in the variables editor, not only in the tab's state.
    await eventually(
      'the saved variables',
      () => paneText(page, '.graphiql-editor-tool'),
      (text) => text.includes('WOMEN_AND_GIRLS') && text.includes('09564'),
    );
    await page.locator('.graphiql-execute-button').click();
    const response = await eventually(
      'the answer in the result pane',
      () => paneText(page, '.graphiql-response'),
      (text) => text.includes('Integrationskurs'),
    );
    expect(response).toContain('Frauen und Mädchen');
    await eventually(
      'the download bar',
      () => page.getByTestId('download-rows').innerText(),
      (text) => /CSV: \d+ Zeilen? aus targetGroup\.federalOffers/.test(text),
    );

    // Monaco's workers run, served by the gateway like everything else.
    const workers = await eventually(
      'Monaco workers',
      async () => page.workers().map((w) => new URL(w.url())),
      (urls) => urls.some((u) => u.pathname.endsWith('/graphql.worker.js')),
    );
    for (const url of workers) expect(url.origin).toBe(new URL(hub.gateway.url).origin);

    await page.screenshot({ path: path.join(ARTIFACTS, 'explorer-headline.png') });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-bar').getByRole('button', { name: 'CSV', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^OffersWomenNuremberg-\d{4}-\d{2}-\d{2}\.csv$/);
    const saved = path.join(ARTIFACTS, 'explorer-headline.csv');
    await download.saveAs(saved);
    const bytes = await readFile(saved);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = bytes.toString('utf8').slice(1);
    expect(text.split('\r\n')[0]).toBe('id;title;level;owner.code');
    expect(text).toContain('measure:bund:integrationskurs;Integrationskurs;BUND;');
    await page.close();
  });

  it('lists the saved operations under "Beispiele" and opens one as a tab', async () => {
    const page = await newPage();
    await page.goto(`${hub.gateway.url}/explorer`);
    await page.locator('.graphiql-tab').first().waitFor();
    await page
      .getByRole('button', { name: /Beispiele/ })
      .first()
      .click();
    const entry = page.locator('.hub-examples button[data-operation="Search"]');
    await entry.waitFor();
    await entry.click();
    await eventually(
      'the Search tab to be active',
      () => page.locator('.graphiql-tab-active').innerText(),
      (text) => text.includes('Search'),
    );
    await page.locator('.graphiql-execute-button').click();
    await eventually(
      'search hits',
      () => paneText(page, '.graphiql-response'),
      (text) => text.includes('"hits"'),
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'explorer-examples.png') });
    await page.close();
  });
});

describe('the dashboard', () => {
  it('draws the coverage heat map and the offers per 100 000 inhabitants, with a Stand and CSV', async () => {
    const page = await newPage();
    await page.goto(`${hub.gateway.url}/dashboard`);
    const heatmap = page.locator('#coverage-heatmap[data-state="rendered"]');
    const bars = page.locator('#per-capita-bars[data-state="rendered"]');
    await heatmap.waitFor({ timeout: 30_000 });
    await bars.waitFor({ timeout: 30_000 });
    expect(await page.locator('#problem').isHidden()).toBe(true);

    // 18 target groups × 3 levels × 3 areas, each a drawn cell; 16 Länder as bars.
    expect(Number(await heatmap.getAttribute('data-points'))).toBe(18 * 9);
    expect(Number(await bars.getAttribute('data-points'))).toBe(16);
    expect(await heatmap.locator('svg path').count()).toBeGreaterThanOrEqual(18 * 9);
    const heatmapText = await heatmap.locator('svg').textContent();
    expect(heatmapText).toContain('Frauen und Mädchen');
    expect(heatmapText).toContain('keine Angebote (Lücke)');
    expect(await bars.locator('svg').textContent()).toContain('Bayern');
    expect(await page.locator('#stand').innerText()).toMatch(/^Stand: \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr$/);

    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    await heatmap.screenshot({ path: path.join(ARTIFACTS, 'dashboard-heatmap.png') });

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#coverage-csv').click()]);
    const csv = (await readFile(await download.path())).toString('utf8');
    await writeFile(path.join(ARTIFACTS, 'dashboard-coverage.csv'), csv);
    expect(
      csv.startsWith('\uFEFFZielgruppe;Zielgruppe (Code);Ebene;Handlungsfeld;Handlungsfeld (Code);Angebote\r\n'),
    ).toBe(true);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(1 + 18 * 9);
    expect(csv).toContain('Frauen und Mädchen;WOMEN_AND_GIRLS;Bund;Sprache;LANGUAGE;');
    await page.close();
  });
});

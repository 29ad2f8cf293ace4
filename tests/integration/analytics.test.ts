import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { analyticsSubgraph } from '../../subgraphs/analytics';
import type { AnalyticsSync } from '../../subgraphs/analytics/sync';
import { admin, analyst, editorOf, TEST_AUTH } from '../support/auth';
import { freePort } from '../support/free-port';
import { graphql, graphqlOk } from '../support/graphql';
import { startTestHub, WITHOUT_RESPONSE_CACHE, type TestHub } from '../support/test-hub';

let hub: TestHub;
let url: string;
let sync: AnalyticsSync;
/** The sync's settings as the hub started it, restored after tests that re-point it. */
let hubSettings: AnalyticsSync['config'];

beforeAll(async () => {
  hub = await startTestHub({ auth: TEST_AUTH, gateway: WITHOUT_RESPONSE_CACHE });
  url = hub.gateway.graphqlUrl;
  const subgraph = hub.subgraphs.get('analytics');
  if (!subgraph) throw new Error('analytics subgraph not running');
  sync = analyticsSubgraph.sync(subgraph.prepared.database.dataSource);
  hubSettings = { ...sync.config };
});

afterAll(async () => {
  await hub?.stop();
});

/** SQL statements the analytics subgraph sent while `run` ran. */
async function analyticsSql<T>(run: () => Promise<T>): Promise<{ result: T; sql: number }> {
  const counter = hub.subgraphs.get('analytics')?.prepared.database.sqlCounter;
  if (!counter) throw new Error('analytics subgraph not running');
  const before = counter.total;
  const result = await run();
  return { result, sql: counter.total - before };
}

interface Status {
  syncedAt: string | null;
  counts: { kind: string; count: number }[];
  lastError: string | null;
  refreshIntervalSeconds: number;
}
const STATUS_FIELDS = 'syncedAt counts { kind count } lastError refreshIntervalSeconds';

async function status(): Promise<Status> {
  return (await graphqlOk<{ analyticsStatus: Status }>(url, `{ analyticsStatus { ${STATUS_FIELDS} } }`))
    .analyticsStatus;
}

const REFRESH = `mutation { refreshAnalytics { ${STATUS_FIELDS} } }`;

async function refresh(token?: string): Promise<Status> {
  return (await graphqlOk<{ refreshAnalytics: Status }>(url, REFRESH, {}, token ?? (await analyst()))).refreshAnalytics;
}

describe('the analytics index', () => {
  it('is built through the gateway when the hub starts, with what anonymous readers see', async () => {
    const catalogue = await graphqlOk<Record<string, { totalCount: number }>>(
      url,
      `{ federalMeasures(first: 1) { totalCount } regionalMeasures(first: 1) { totalCount }
         researchOutputs(first: 1) { totalCount } exchangeFormats(first: 1) { totalCount } }`,
    );
    const current = await status();
    expect(current.lastError).toBeNull();
    expect(current.refreshIntervalSeconds).toBe(300);
    expect(Date.now() - new Date(current.syncedAt ?? 0).getTime()).toBeLessThan(120_000);
    expect(current.counts).toEqual([
      { kind: 'FEDERAL_MEASURE', count: catalogue['federalMeasures']?.totalCount },
      { kind: 'REGIONAL_MEASURE', count: catalogue['regionalMeasures']?.totalCount },
      { kind: 'RESEARCH_OUTPUT', count: catalogue['researchOutputs']?.totalCount },
      { kind: 'EXCHANGE_FORMAT', count: catalogue['exchangeFormats']?.totalCount },
    ]);
    expect(current.counts.every((c) => c.count > 0)).toBe(true);
  });

  it('refreshes again with the same counts when nothing changed', async () => {
    const before = await status();
    const refreshed = await refresh();
    expect(refreshed.lastError).toBeNull();
    expect(refreshed.counts).toEqual(before.counts);
    expect(new Date(refreshed.syncedAt ?? 0).getTime()).toBeGreaterThanOrEqual(
      new Date(before.syncedAt ?? 0).getTime(),
    );
  });
});

interface Cell {
  targetGroup: { code: string; label?: string };
  level: string;
  area: string;
  land?: { ars: string; name: string } | null;
  count: number;
}

describe('coverageMatrix', () => {
  const COVERAGE = `query($byLand: Boolean, $status: [OfferStatus!]) {
    coverageMatrix(byLand: $byLand, status: $status) {
      total
      cells { targetGroup { code } level area land { ars name } count }
      gaps { targetGroup { code label } level area count }
    }
  }`;
  const matrix = async (variables: Record<string, unknown> = {}) =>
    (await graphqlOk<{ coverageMatrix: { total: number; cells: Cell[]; gaps: Cell[] } }>(url, COVERAGE, variables))
      .coverageMatrix;
  const cell = (cells: Cell[], group: string, level: string, area: string, land?: string) =>
    cells.find(
      (c) => c.targetGroup.code === group && c.level === level && c.area === area && (!land || c.land?.ars === land),
    );

  it('has every target group × level × area, zeros included, counted as the catalogue counts', async () => {
    const { total, cells, gaps } = await matrix();
    expect(cells).toHaveLength(18 * 3 * 3);
    expect(cells.slice(0, 3).map((c) => [c.targetGroup.code, c.level, c.area])).toEqual([
      ['EU_CITIZENS', 'BUND', 'LANGUAGE'],
      ['EU_CITIZENS', 'BUND', 'EDUCATION_AND_WORK'],
      ['EU_CITIZENS', 'BUND', 'SOCIETY'],
    ]);
    const catalogue = await graphqlOk<{
      federalMeasures: { totalCount: number; items: { id: string }[] };
      all: { totalCount: number };
      regional: { totalCount: number };
    }>(
      url,
      `{ federalMeasures(filter: { targetGroups: [PROTECTION_HOLDERS], areas: [LANGUAGE] }, first: 200) {
           totalCount items { id } }
         all: federalMeasures(first: 1) { totalCount }
         regional: regionalMeasures(first: 1) { totalCount } }`,
    );
    // The Integrationskurs is one of the federal language offers for protection holders.
    expect(catalogue.federalMeasures.items.map((m) => m.id)).toContain('measure:bund:integrationskurs');
    expect(cell(cells, 'PROTECTION_HOLDERS', 'BUND', 'LANGUAGE')?.count).toBe(catalogue.federalMeasures.totalCount);
    expect(total).toBe(catalogue.all.totalCount + catalogue.regional.totalCount);
    // The two Kita-Einstieg measures of Freiburg and Ravensburg are the Kommunen's family offers.
    expect(cell(cells, 'FAMILIES', 'KOMMUNE', 'EDUCATION_AND_WORK')?.count).toBe(2);
    expect(gaps.every((g) => g.count === 0)).toBe(true);
    expect(gaps).toHaveLength(cells.filter((c) => c.count === 0).length);
  });

  it('lists the gaps: no offer for LGBTIQ people at any level in any area', async () => {
    const { gaps } = await matrix();
    const lgbtiq = gaps.filter((g) => g.targetGroup.code === 'LGBTIQ');
    expect(lgbtiq).toHaveLength(9);
    // The label comes from the federal subgraph through the gateway.
    expect(lgbtiq[0]?.targetGroup.label).toMatch(/queere Menschen/);
  });

  it('narrows by status', async () => {
    // Both Kita-Einstieg Kommune measures have ended.
    const active = await matrix({ status: ['ACTIVE'] });
    expect(cell(active.cells, 'FAMILIES', 'KOMMUNE', 'EDUCATION_AND_WORK')?.count).toBe(0);
    const ended = await matrix({ status: ['ENDED'] });
    expect(cell(ended.cells, 'FAMILIES', 'KOMMUNE', 'EDUCATION_AND_WORK')?.count).toBe(2);
    expect(active.total + ended.total + (await matrix({ status: ['PLANNED'] })).total).toBe((await matrix()).total);
  });

  it('per Land counts federal offers in every Land and regional ones in their own', async () => {
    const { cells } = await matrix({ byLand: true });
    expect(cells).toHaveLength(16 * 18 * 3 * 3);
    const federal = (await matrix()).cells;
    const integrationCourseCell = cell(federal, 'PROTECTION_HOLDERS', 'BUND', 'LANGUAGE')?.count;
    for (const land of ['01', '08', '09', '16']) {
      expect(cell(cells, 'PROTECTION_HOLDERS', 'BUND', 'LANGUAGE', land)?.count).toBe(integrationCourseCell);
    }
    expect(cell(cells, 'FAMILIES', 'KOMMUNE', 'EDUCATION_AND_WORK', '08')).toMatchObject({
      count: 2,
      land: { ars: '08', name: 'Baden-Württemberg' },
    });
    expect(cell(cells, 'FAMILIES', 'KOMMUNE', 'EDUCATION_AND_WORK', '09')?.count).toBe(0);
  });
});

interface IndexedMeasure {
  id: string;
  kind: string;
  title: string;
  level: string;
  owner: string;
  ownerName: string;
}
interface OverlapMeasure extends IndexedMeasure {
  regionalMeasure: { place: { name: string } } | null;
  federalMeasure: { owner: { code: string } } | null;
}
interface Overlap {
  a: OverlapMeasure;
  b: OverlapMeasure;
  similarity: number;
  sharedTargetGroups: string[];
  sharedAreas: string[];
  level: string;
}

describe('overlapCandidates', () => {
  const OVERLAPS = `query($level: Level, $targetGroup: TargetGroupCode, $area: Area, $min: Float, $first: Int, $offset: Int) {
    overlapCandidates(level: $level, targetGroup: $targetGroup, area: $area, minSimilarity: $min,
                      first: $first, offset: $offset) {
      level similarity sharedTargetGroups sharedAreas
      a { id kind title level owner ownerName regionalMeasure { place { name } } federalMeasure { owner { code } } }
      b { id kind title level owner ownerName regionalMeasure { place { name } } federalMeasure { owner { code } } }
    }
  }`;
  const overlaps = async (variables: Record<string, unknown> = {}) =>
    (await graphqlOk<{ overlapCandidates: Overlap[] }>(url, OVERLAPS, variables)).overlapCandidates;

  it('finds the Kita-Einstieg measures of Freiburg and Ravensburg: same level, other owner, alike', async () => {
    const all = await overlaps();
    const kita = all.find(
      (o) =>
        o.a.id === 'measure:kommune:freiburg:kita-einstieg' && o.b.id === 'measure:kommune:ravensburg:kita-einstieg',
    );
    expect(kita).toMatchObject({
      level: 'KOMMUNE',
      sharedAreas: ['EDUCATION_AND_WORK'],
      a: { kind: 'REGIONAL_MEASURE', owner: '08311', ownerName: 'Freiburg im Breisgau' },
      b: { kind: 'REGIONAL_MEASURE', owner: '08436', ownerName: 'Ravensburg' },
    });
    expect(kita?.sharedTargetGroups).toEqual(
      expect.arrayContaining(['PROTECTION_HOLDERS', 'CHILDREN_AND_YOUTH', 'FAMILIES']),
    );
    expect(kita?.similarity).toBeGreaterThanOrEqual(0.3);
    expect(kita?.a.regionalMeasure?.place.name).toBe('Freiburg im Breisgau');
    for (const pair of all) {
      expect(pair.a.level).toBe(pair.b.level);
      expect(pair.a.owner).not.toBe(pair.b.owner);
      expect(pair.similarity).toBeGreaterThanOrEqual(0.3);
      expect(pair.sharedTargetGroups.length).toBeGreaterThan(0);
      expect(pair.sharedAreas.length).toBeGreaterThan(0);
    }
    const similarities = all.map((o) => o.similarity);
    expect(similarities).toEqual([...similarities].sort((x, y) => y - x));
  });

  it('filters by level, target group and area and pages in a stable order', async () => {
    const kommunen = await overlaps({ level: 'KOMMUNE', targetGroup: 'FAMILIES', area: 'EDUCATION_AND_WORK' });
    expect(kommunen.map((o) => [o.a.id, o.b.id])).toEqual([
      ['measure:kommune:freiburg:kita-einstieg', 'measure:kommune:ravensburg:kita-einstieg'],
    ]);
    const federal = await overlaps({ level: 'BUND', min: 0 });
    expect(federal.length).toBeGreaterThan(2);
    expect(federal.every((o) => o.a.federalMeasure?.owner.code === o.a.owner)).toBe(true);
    const second = await overlaps({ level: 'BUND', min: 0, first: 1, offset: 1 });
    expect(second).toEqual(federal.slice(1, 2));
    expect(await overlaps({ min: 1.01 }).catch((e: Error) => e.message)).toMatch(/BAD_USER_INPUT/);
    const refused = await graphql(url, OVERLAPS, { min: -0.5 });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'minSimilarity' });
  });

  it('refuses a comparison that would take too long and names the filter to narrow it by', async () => {
    await sync.start(url, { queryTimeoutMs: 1 });
    try {
      const refused = await graphql(url, OVERLAPS, { level: 'BUND' });
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'targetGroup' });
      expect(refused.errors?.[0]?.message).toMatch(/Too many pairs to compare within 1 ms/);
    } finally {
      await sync.start(url, { queryTimeoutMs: 4000 });
    }
    expect((await overlaps({ level: 'BUND' })).length).toBeGreaterThan(0);
  });
});

interface OwnerCoverage {
  owner: string;
  ownerName: string;
  level: string;
  measures: number;
  withSuccessControl: number;
  withEvaluation: number;
  covered: number;
  share: number;
  uncovered: { id: string; federalMeasure: { title: string } | null }[];
}

describe('successControlCoverage', () => {
  const COVERAGE = `query($level: Level) {
    successControlCoverage(level: $level) {
      owner ownerName level measures withSuccessControl withEvaluation covered share
      uncovered(first: 200) { id federalMeasure { title } }
    }
  }`;

  it('counts per owner the measures with a success control or an evaluation, and lists the rest', async () => {
    const { result, sql } = await analyticsSql(() =>
      graphqlOk<{ successControlCoverage: OwnerCoverage[] }>(url, COVERAGE, { level: 'BUND' }),
    );
    const owners = result.successControlCoverage;
    // One statement for the owners, one for all their `uncovered` lists.
    expect(sql).toBe(2);
    expect(owners.every((o) => o.level === 'BUND')).toBe(true);

    // The Anerkennungsgesetz has an evaluation (linked in the research subgraph): covered.
    const evaluated = await graphqlOk<{ federalMeasure: { evaluations: { id: string }[]; successControl: unknown } }>(
      url,
      `{ federalMeasure(id: "measure:bund:anerkennungsgesetz") { evaluations { id } successControl { status } } }`,
    );
    expect(evaluated.federalMeasure.evaluations.length).toBeGreaterThan(0);
    const bmbf = owners.find((o) => o.owner === 'BMBF');
    expect(bmbf).toMatchObject({ ownerName: 'Bundesministerium für Bildung und Forschung', withEvaluation: 1 });
    expect(bmbf?.covered).toBe(bmbf?.withEvaluation);
    expect(bmbf?.share).toBeCloseTo((bmbf?.covered ?? 0) / (bmbf?.measures ?? 1));
    expect(bmbf?.uncovered.map((m) => m.id)).not.toContain('measure:bund:anerkennungsgesetz');
    expect(bmbf?.uncovered.map((m) => m.id)).toContain('measure:bund:portal-anerkennung');

    // The Integrationskurs states no success control and has no linked evaluation.
    const bmi = owners.find((o) => o.owner === 'BMI');
    expect(bmi?.uncovered).toContainEqual({
      id: 'measure:bund:integrationskurs',
      federalMeasure: { title: 'Integrationskurs' },
    });
    expect(bmi?.uncovered).toHaveLength((bmi?.measures ?? 0) - (bmi?.covered ?? 0));

    const federalTotal = await graphqlOk<{ federalMeasures: { totalCount: number } }>(
      url,
      '{ federalMeasures(first: 1) { totalCount } }',
    );
    expect(owners.reduce((sum, o) => sum + o.measures, 0)).toBe(federalTotal.federalMeasures.totalCount);
  });

  it('covers the regional measures per Land and Kommune', async () => {
    const { successControlCoverage: owners } = await graphqlOk<{ successControlCoverage: OwnerCoverage[] }>(
      url,
      COVERAGE,
      {},
    );
    expect(owners.map((o) => o.level).filter((l, i, all) => all.indexOf(l) === i)).toEqual(['BUND', 'LAND', 'KOMMUNE']);
    expect(owners.find((o) => o.owner === '08436')).toMatchObject({
      ownerName: 'Ravensburg',
      level: 'KOMMUNE',
      measures: 1,
      covered: 0,
      uncovered: [{ id: 'measure:kommune:ravensburg:kita-einstieg', federalMeasure: null }],
    });
  });
});

interface OwnerReview {
  owner: string;
  ownerName: string;
  level: string;
  measures: number;
  due: number;
  dueShare: number;
  dueMeasures: { id: string }[];
}

describe('reviewFreshness', () => {
  const FRESHNESS = `query($level: Level) {
    reviewFreshness(level: $level) { owner ownerName level measures due dueShare dueMeasures(first: 200) { id } }
  }`;
  const freshness = async (level?: string) =>
    (await graphqlOk<{ reviewFreshness: OwnerReview[] }>(url, FRESHNESS, level ? { level } : {})).reviewFreshness;

  it('shows every seed measure as due, and one fewer after a review and a refresh', async () => {
    const before = await freshness();
    expect(before.length).toBeGreaterThan(10);
    for (const owner of before) {
      expect(owner.due).toBe(owner.measures);
      expect(owner.dueShare).toBe(1);
      expect(owner.dueMeasures).toHaveLength(owner.measures);
    }
    const bmiBefore = before.find((o) => o.owner === 'BMI');
    expect(bmiBefore?.dueMeasures.map((m) => m.id)).toContain('measure:bund:integrationskurs');

    const { federalMeasure } = await graphqlOk<{ federalMeasure: { version: number } }>(
      url,
      '{ federalMeasure(id: "measure:bund:integrationskurs") { version } }',
    );
    await graphqlOk(
      url,
      `mutation($v: Int!) { markFederalMeasureReviewed(id: "measure:bund:integrationskurs", version: $v) { measure { reviewDue } } }`,
      { v: federalMeasure.version },
      await editorOf('BMI'),
    );
    // The index changes only with a refresh.
    expect((await freshness('BUND')).find((o) => o.owner === 'BMI')?.due).toBe(bmiBefore?.due);
    await refresh();
    const bmiAfter = (await freshness('BUND')).find((o) => o.owner === 'BMI');
    expect(bmiAfter?.measures).toBe(bmiBefore?.measures);
    expect(bmiAfter?.due).toBe((bmiBefore?.due ?? 0) - 1);
    expect(bmiAfter?.dueShare).toBeCloseTo((bmiAfter?.due ?? 0) / (bmiAfter?.measures ?? 1));
    expect(bmiAfter?.dueMeasures.map((m) => m.id)).not.toContain('measure:bund:integrationskurs');
  });
});

interface PlaceOffers {
  place: { ars: string; name: string; population: number };
  name: string;
  population: number;
  offers: number;
  offersPer100k: number;
}

describe('offersPerCapita', () => {
  const PER_CAPITA = `query($level: PlaceLevel!, $land: ID) {
    offersPerCapita(level: $level, land: $land) {
      place { ars name population } name population offers offersPer100k
    }
  }`;
  const perCapita = async (level: string, land?: string) =>
    (await graphqlOk<{ offersPerCapita: PlaceOffers[] }>(url, PER_CAPITA, { level, ...(land ? { land } : {}) }))
      .offersPerCapita;

  it('ranks the Länder by their own and their Kommunen’s offers per 100 000 inhabitants', async () => {
    const laender = await perCapita('LAND');
    expect(laender).toHaveLength(16);
    const rates = laender.map((l) => l.offersPer100k);
    expect(rates).toEqual([...rates].sort((x, y) => y - x));
    const bw = laender.find((l) => l.place.ars === '08');
    const catalogue = await graphqlOk<{
      place: { population: number };
      regionalMeasures: { totalCount: number };
    }>(
      url,
      `{ place(ars: "08") { population }
         regionalMeasures(filter: { ars: "08" }, includeKommunen: true, first: 1) { totalCount } }`,
    );
    // Baden-Württemberg: its Integrationsmanagement and the Kita-Einstieg of Freiburg and Ravensburg.
    expect(catalogue.regionalMeasures.totalCount).toBe(3);
    expect(bw).toMatchObject({
      name: 'Baden-Württemberg',
      offers: catalogue.regionalMeasures.totalCount,
      population: catalogue.place.population,
      place: { population: catalogue.place.population },
    });
    expect(bw?.offersPer100k).toBeCloseTo((3 / catalogue.place.population) * 100_000, 10);
    expect(laender.find((l) => l.place.ars === '01')?.offers).toBe(0);
  });

  it('gives Bayern’s Kreise their own offers and the Land’s', async () => {
    const kreise = await perCapita('KREIS', '09');
    const bayern = await graphqlOk<{
      places: { totalCount: number };
      place: { name: string; population: number; regionalOffers: { id: string }[] };
    }>(
      url,
      `{ places(land: "09", first: 1) { totalCount }
         place(ars: "09564") { name population regionalOffers(first: 200) { id } } }`,
    );
    expect(kreise).toHaveLength(bayern.places.totalCount);
    expect(kreise.every((k) => k.place.ars.startsWith('09') && k.place.ars.length === 5)).toBe(true);
    const nuernberg = kreise.find((k) => k.place.ars === '09564');
    // At a Kommune the laender subgraph lists the same: its own measures and its Land's.
    expect(nuernberg).toMatchObject({
      name: bayern.place.name,
      population: bayern.place.population,
      offers: bayern.place.regionalOffers.length,
    });
    expect(nuernberg?.offers).toBe(2);
    expect(nuernberg?.offersPer100k).toBeCloseTo((2 / bayern.place.population) * 100_000, 10);
    // Every Kreis has Bayern's two measures; the smallest Kreis has the highest rate.
    expect(kreise.every((k) => k.offers === 2)).toBe(true);
    expect(kreise[0]?.population).toBe(Math.min(...kreise.map((k) => k.population)));

    const refused = await graphql(url, PER_CAPITA, { level: 'KREIS', land: '099' });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'land' });
  });
});

interface Hit {
  kind: string;
  id: string;
  title: string;
  snippet: string;
  rank: number;
  federalMeasure: { owner: { code: string } } | null;
  regionalMeasure: { place: { name: string } } | null;
  researchOutput: { title: string } | null;
  exchangeFormat: { name: string } | null;
}

describe('search', () => {
  const SEARCH = `query($text: String!, $kinds: [SearchKind!], $first: Int, $offset: Int) {
    search(text: $text, kinds: $kinds, first: $first, offset: $offset) {
      totalCount
      hits {
        kind id title snippet rank
        federalMeasure { owner { code } }
        regionalMeasure { place { name } }
        researchOutput { title }
        exchangeFormat { name }
      }
    }
  }`;
  const search = async (variables: Record<string, unknown>) =>
    (await graphqlOk<{ search: { totalCount: number; hits: Hit[] } }>(url, SEARCH, variables)).search;

  it('finds inflected forms through German stemming and marks them in the snippet', async () => {
    // "Beratungen" (plural) finds "Beratung" and "beraten": all stem to "berat".
    const beratung = await search({ text: 'Beratungen' });
    const course = beratung.hits.find((h) => h.id === 'measure:bund:kinderbeaufsichtigung-integrationskurs');
    expect(course?.title).toMatch(/Beratung zur Kinderbetreuung/);
    expect(course?.snippet).toContain('<b>Beratung</b>');
    expect(beratung.hits.map((h) => h.id)).toContain('measure:bund:jmd'); // "… beraten junge Menschen"
    // "Familie" finds the "Familien" of the Kita-Einstieg measures (and compounds such as "Familienzentren").
    const familie = await search({ text: 'Familie' });
    expect(familie.hits.map((h) => h.id)).toEqual(
      expect.arrayContaining(['measure:kommune:freiburg:kita-einstieg', 'measure:kommune:ravensburg:kita-einstieg']),
    );
    expect(familie.hits.every((h) => /<b>Famili/.test(h.snippet))).toBe(true);
    // Snowball stems "Integrationskurse" to integrationskurs but "Integrationskurs" to
    // integrationskur; each form still finds the other, and the compound's first part finds it.
    for (const text of ['Integrationskurse', 'Integrationskurs', 'Integrationskursen']) {
      const kurs = await search({ text, first: 50 });
      expect(kurs.hits.map((h) => h.id)).toContain('measure:bund:integrationskurs');
    }
    const arbeit = await search({ text: 'Arbeit', first: 200 });
    expect(arbeit.hits.some((h) => h.snippet.includes('<b>Arbeitsmarkt'))).toBe(true);
  });

  it('ranks hits from all four subgraphs and resolves their entities through the gateway', async () => {
    const result = await search({ text: 'Integration', first: 200 });
    expect(result.totalCount).toBe(result.hits.length);
    expect(new Set(result.hits.map((h) => h.kind))).toEqual(
      new Set(['FEDERAL_MEASURE', 'REGIONAL_MEASURE', 'RESEARCH_OUTPUT', 'EXCHANGE_FORMAT']),
    );
    const ranks = result.hits.map((h) => h.rank);
    expect(ranks).toEqual([...ranks].sort((x, y) => y - x));
    const iq = result.hits.find((h) => h.id === 'measure:bund:iq');
    expect(iq).toMatchObject({
      kind: 'FEDERAL_MEASURE',
      federalMeasure: { owner: { code: 'BMAS' } },
      regionalMeasure: null,
      researchOutput: null,
      exchangeFormat: null,
    });
    expect(result.hits.find((h) => h.id === 'measure:land:bw:integrationsmanagement')?.regionalMeasure).toEqual({
      place: { name: 'Baden-Württemberg' },
    });
    expect(result.hits.find((h) => h.id === 'format:imag')?.exchangeFormat?.name).toBe(
      'Interministerielle Arbeitsgruppe Integration',
    );
    const research = result.hits.find((h) => h.kind === 'RESEARCH_OUTPUT');
    expect(research?.researchOutput?.title).toBe(research?.title);
  });

  it('narrows to what a place reaches, and by target group, area and level', async () => {
    const FILTERED = `query($text: String!, $filter: SearchFilter) {
      search(text: $text, filter: $filter, first: 200) { totalCount hits { kind id } }
    }`;
    type Found = { search: { totalCount: number; hits: { kind: string; id: string }[] } };
    const ids = async (filter: Record<string, unknown> | null, text = 'Integration') =>
      (await graphqlOk<Found>(url, FILTERED, { text, filter })).search.hits.map((h) => h.id);
    const everything = await ids(null);

    // Krefeld (05114): its own KI, NRW's measures and federal ones — not Bayern's, not Freiburg's.
    const krefeld = await ids({ ars: '05114' });
    expect(krefeld).toEqual(
      expect.arrayContaining(['measure:kommune:krefeld:ki', 'measure:land:nw:kommunale-integrationszentren']),
    );
    expect(krefeld.some((id) => id.startsWith('measure:bund:'))).toBe(true);
    expect(krefeld.some((id) => id.startsWith('measure:land:by:') || id.startsWith('measure:kommune:freiburg:'))).toBe(
      false,
    );
    expect(krefeld.some((id) => id.startsWith('research:'))).toBe(false);
    expect(krefeld.length).toBeLessThan(everything.length);
    // A Land reaches its own and the Bund's, not its Kommunen's.
    const nrw = await ids({ ars: '05' });
    expect(nrw).toContain('measure:land:nw:kommunale-integrationszentren');
    expect(nrw).not.toContain('measure:kommune:krefeld:ki');

    const bundOnly = await ids({ levels: ['BUND'] });
    expect(bundOnly.length).toBeGreaterThan(0);
    expect(bundOnly.every((id) => !id.startsWith('measure:land:') && !id.startsWith('measure:kommune:'))).toBe(true);
    const children = await ids(
      { targetGroups: ['CHILDREN_AND_YOUTH'], areas: ['EDUCATION_AND_WORK'] },
      'Kita OR Jugend OR Schule',
    );
    const childrenEverything = await ids(null, 'Kita OR Jugend OR Schule');
    expect(children.length).toBeGreaterThan(0);
    expect(children.length).toBeLessThan(childrenEverything.length);
    expect(children.every((id) => childrenEverything.includes(id))).toBe(true);

    for (const ars of ['99999', 'Köln', '051']) {
      const refused = await graphql(url, FILTERED, { text: 'Integration', filter: { ars } });
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'filter.ars' });
    }
  });

  it('filters by kind, pages, supports web-search syntax and refuses a blank text', async () => {
    const onlyResearch = await search({ text: 'Integration', kinds: ['RESEARCH_OUTPUT'] });
    expect(onlyResearch.hits.length).toBeGreaterThan(0);
    expect(onlyResearch.hits.every((h) => h.kind === 'RESEARCH_OUTPUT' && h.researchOutput !== null)).toBe(true);

    const all = await search({ text: 'Integration', first: 200 });
    const page = await search({ text: 'Integration', first: 3, offset: 2 });
    expect(page.totalCount).toBe(all.totalCount);
    expect(page.hits.map((h) => h.id)).toEqual(all.hits.slice(2, 5).map((h) => h.id));
    const past = await search({ text: 'Integration', offset: 500 });
    expect(past).toEqual({ totalCount: all.totalCount, hits: [] });

    const phrase = await search({ text: '"frühe Bildung"' });
    expect(phrase.hits.map((h) => h.id)).toEqual(['measure:bund:kita-einstieg']);
    const excluded = await search({ text: 'Kita -Freiburg' });
    expect(excluded.hits.map((h) => h.id)).not.toContain('measure:kommune:freiburg:kita-einstieg');
    expect(excluded.hits.map((h) => h.id)).toContain('measure:kommune:ravensburg:kita-einstieg');

    for (const text of ['', '   ']) {
      const refused = await graphql(url, SEARCH, { text });
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'text' });
    }
  });

  it('escapes the text around the marks, so a snippet carries no other markup', async () => {
    const result = await search({ text: 'Integration', first: 200 });
    for (const hit of result.hits) {
      expect(hit.snippet.replace(/<\/?b>/g, '')).not.toMatch(/[<>]/);
    }
  });
});

describe('refreshAnalytics', () => {
  it('needs an analyst or admin token', async () => {
    const anonymous = await graphql(url, REFRESH);
    expect(anonymous.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    const editor = await graphql(url, REFRESH, {}, await editorOf('BMI'));
    expect(editor.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const before = await status();
    const byAdmin = await refresh(await admin());
    expect(byAdmin.lastError).toBeNull();
    expect(new Date(byAdmin.syncedAt ?? 0).getTime()).toBeGreaterThan(new Date(before.syncedAt ?? 0).getTime());
  });

  it('keeps drafts out of the index: it reads what anonymous readers see', async () => {
    const title = 'Entwurf Analyseindex Lotsenprogramm';
    await graphqlOk(
      url,
      `mutation($input: FederalMeasureInput!) { createFederalMeasure(input: $input) { measure { id } } }`,
      {
        input: {
          title,
          summary: 'Ein Entwurf, der nicht im Analyseindex erscheinen darf.',
          type: 'COUNSELLING',
          areas: ['SOCIETY'],
          targetGroups: ['LGBTIQ'],
          grundangebot: 'COMPLEMENTARY',
          fundingMethod: 'PROJECT_FUNDING',
          successControl: { status: 'PLANNED', plannedFor: '2027-06' },
          draft: true,
        },
      },
      await editorOf('BMFSFJ'),
    );
    await refresh();
    const { search } = await graphqlOk<{ search: { totalCount: number } }>(
      url,
      '{ search(text: "Analyseindex Lotsenprogramm") { totalCount } }',
    );
    expect(search.totalCount).toBe(0);
  });
});

describe('when the gateway cannot be read', () => {
  let server: Server | undefined;

  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
    // Back to the hub's own gateway.
    const restored = await sync.start(url, {
      refreshSeconds: hubSettings.refreshSeconds,
      timeoutMs: hubSettings.timeoutMs,
    });
    expect(restored.ok).toBe(true);
  });

  async function fakeGateway(handle: (respond: (body: unknown) => void) => void): Promise<string> {
    server = createServer((request, response) => {
      request.resume();
      handle((body) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server?.address() as AddressInfo).port}/graphql`;
  }

  async function expectOldIndexKept(failed: Status, before: Status, reason: RegExp): Promise<void> {
    expect(failed.lastError).toMatch(reason);
    // No internal address leaks into the public status.
    expect(failed.lastError).not.toMatch(/127\.0\.0\.1|localhost/);
    expect(failed.syncedAt).toBe(before.syncedAt);
    expect(failed.counts).toEqual(before.counts);
    const still = await graphqlOk<{ search: { totalCount: number } }>(
      url,
      '{ search(text: "Integration") { totalCount } }',
    );
    expect(still.search.totalCount).toBeGreaterThan(10);
  }

  it('keeps the old index and says why when the gateway is unreachable', async () => {
    const before = await status();
    await sync.start(`http://127.0.0.1:${await freePort()}/graphql`, { refreshSeconds: 0 });
    const failed = await refresh();
    await expectOldIndexKept(failed, before, /could not be reached \(ECONNREFUSED\)/);
    expect(await status()).toEqual(failed);
  });

  it('keeps the old index when the gateway answers with errors', async () => {
    const before = await status();
    const fake = await fakeGateway((respond) =>
      respond({
        data: null,
        errors: [{ message: 'Subgraph "laender" is unavailable', extensions: { code: 'SUBGRAPH_UNAVAILABLE' } }],
      }),
    );
    await sync.start(fake, { refreshSeconds: 0 });
    await expectOldIndexKept(await refresh(), before, /answered with errors: \[SUBGRAPH_UNAVAILABLE\]/);
  });

  it('gives up on a gateway that does not answer in time', async () => {
    const before = await status();
    const fake = await fakeGateway(() => undefined);
    await sync.start(fake, { refreshSeconds: 0, timeoutMs: 300 });
    await expectOldIndexKept(await refresh(), before, /did not answer within 300 ms/);
  });
});

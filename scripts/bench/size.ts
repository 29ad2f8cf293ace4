/**
 * One catalogue size: seed it, start the five subgraphs, take the reference answers (and the
 * floor's plan) from our gateway, then measure every row — ours, the floor and Hive Gateway in
 * alternating rounds, and at the headline size also one connection, the response cache and two
 * workers.
 */
import { loadavg } from 'node:os';
import { SUPERGRAPH_PATH } from '../../schema/registry';
import { fillAnalyticsIndex } from './analytics-refresh';
import { catalogueSize, prepareCatalogue, sizeLabel } from './catalogue';
import { captureFloor, countFetches, describeSteps, type FloorStep } from './floor';
import { log } from './log';
import type { BenchOptions } from './options';
import { QUERIES } from './queries';
import type { QueryName, Row, SizeResult } from './results';
import { referenceData, runComparison, runGateway, runSinglePair } from './runs';
import {
  readSql,
  resetSql,
  startHive,
  startHosts,
  startOurGateway,
  stopChild,
  type Gateway,
  type Host,
} from './services';

/** What every target must answer, what one query costs alone, and the floor's replayable plan. */
interface References {
  expected: Partial<Record<QueryName, unknown>>;
  isolatedSql: Partial<Record<QueryName, number>>;
  floor: Partial<Record<QueryName, FloorStep>>;
}

async function takeReferences(ours: Gateway, hosts: Host[], queries: QueryName[]): Promise<References> {
  const refs: References = { expected: {}, isolatedSql: {}, floor: {} };
  const subgraphUrls = Object.fromEntries(hosts.map((h) => [h.name, h.graphqlUrl]));
  for (const q of queries) {
    refs.expected[q] = await referenceData(ours.graphqlUrl, q);
    await resetSql(hosts);
    await referenceData(ours.graphqlUrl, q);
    refs.isolatedSql[q] = await readSql(hosts);
    refs.floor[q] = await captureFloor(SUPERGRAPH_PATH, subgraphUrls, QUERIES[q].query, QUERIES[q].variables);
    log(
      `${q}: ${refs.isolatedSql[q]} SQL statements for one query alone; the floor replays ` +
        `${countFetches(refs.floor[q])} subgraph calls: ${describeSteps(refs.floor[q])}`,
    );
  }
  return refs;
}

/** Every measured row of one size, each gateway process started fresh for its rows. */
async function measureRows(
  hosts: Host[],
  databaseUrl: string,
  queries: QueryName[],
  refs: References,
  options: BenchOptions,
  headlineSize: boolean,
): Promise<Row[]> {
  const { expected, floor } = refs;
  const rows: Row[] = [];
  let ours = await startOurGateway('ours', hosts, databaseUrl, {});
  const hive = await startHive(hosts);
  for (const q of queries)
    rows.push(...(await runComparison(ours, hive, q, floor[q] as FloorStep, expected[q], hosts, options)));
  await stopChild(hive.child);
  if (headlineSize)
    rows.push(...(await runSinglePair(ours, floor.headline as FloorStep, expected.headline, hosts, options)));
  await stopChild(ours.child);

  // The cache and the second worker are judged at the headline size; the growth curve is ours,
  // Hive Gateway's and the floor's.
  if (headlineSize) {
    ours = await startOurGateway('ours-cached', hosts, databaseUrl, { RESPONSE_CACHE: 'on' });
    for (const q of queries) rows.push(await runGateway(ours, q, expected[q], hosts, options));
    await stopChild(ours.child);

    ours = await startOurGateway('ours-workers2', hosts, databaseUrl, { GATEWAY_WORKERS: '2' });
    for (const q of queries) rows.push(await runGateway(ours, q, expected[q], hosts, options));
    await stopChild(ours.child);
  }
  return rows;
}

export async function benchSize(
  regional: number,
  databaseUrl: string,
  options: BenchOptions,
  hiveInstalled: Promise<unknown>,
): Promise<SizeResult> {
  const size = catalogueSize(regional);
  const label = sizeLabel(size);
  const loadBefore = loadavg()[0] ?? 0;
  // The wide query needs the analytics index, filled through the gateway: minutes at 500 000.
  const queries: QueryName[] = regional <= options.wideMaxSize ? ['headline', 'wide'] : ['headline'];
  log(`Catalogue ${label}: creating the database and seeding…`);
  const seedSeconds = await prepareCatalogue(databaseUrl, size, log);
  log(`Seeded in ${seedSeconds.toFixed(1)} s; starting the five subgraphs…`);
  const hosts = await startHosts(databaseUrl);

  const ours = await startOurGateway('ours', hosts, databaseUrl, {});
  const analytics = hosts.find((h) => h.name === 'analytics');
  if (!analytics) throw new Error('no analytics subgraph in the registry');
  let analyticsSyncSeconds: number | null = null;
  if (queries.includes('wide')) {
    analyticsSyncSeconds = await fillAnalyticsIndex(analytics, ours, size.regional);
  } else {
    log(`No wide query at this size (--wide-max ${options.wideMaxSize}): the analytics index stays empty`);
  }
  const refs = await takeReferences(ours, hosts, queries);

  // No measured run shares the machine with a first install of Hive Gateway.
  await hiveInstalled;
  // A fresh process for the measured rows: the one that served the analytics refresh (the whole
  // catalogue, page by page) keeps the memory it grew to, which Hive Gateway's process never had.
  await stopChild(ours.child);
  const rows = await measureRows(hosts, databaseUrl, queries, refs, options, regional === options.headlineSize);

  await Promise.all(hosts.map((h) => stopChild(h.child)));
  const kb = (data: unknown) => Buffer.byteLength(JSON.stringify({ data })) / 1024;
  return {
    loadAverage: [loadBefore, loadavg()[0] ?? 0],
    regional: size.regional,
    federal: size.federal,
    label,
    seedSeconds,
    analyticsSyncSeconds,
    isolatedSql: refs.isolatedSql,
    answerKb: Object.fromEntries(queries.map((q) => [q, kb(refs.expected[q])])),
    floorPlans: Object.fromEntries(queries.map((q) => [q, describeSteps(refs.floor[q])])),
    rows,
  };
}

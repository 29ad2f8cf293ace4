import { readCatalogue } from '../../subgraphs/analytics/catalogue-reader';
import { WITHOUT_RESPONSE_CACHE, testHubForThisFile } from '../support/test-hub';

const hub = testHubForThisFile({ gateway: WITHOUT_RESPONSE_CACHE });

beforeAll(async () => {
  const laender = hub.subgraphs.get('laender');
  if (!laender) throw new Error('laender not running');
  // 600 generated measures over every Land and Kreis: Bayern alone gets about 140.
  await laender.prepared.module.seed(laender.prepared.database.dataSource, { synthetic: { regionalMeasures: 600 } });
});

describe('reading the catalogue for the analytics index', () => {
  it('reads a large Land per owning place and gets exactly what reading it as one list gets', async () => {
    const target = { url: hub.gateway.graphqlUrl, timeoutMs: 30_000 };
    const regionalIds = (items: { id: string; kind: string }[]) =>
      items
        .filter((i) => i.kind === 'REGIONAL_MEASURE')
        .map((i) => i.id)
        .sort();
    // One list per Land, paged.
    const perLand = await readCatalogue(target, { pageSize: 50, concurrency: 4, maxPagesPerList: 100 });
    // Every Land with more than one page of 50 read per owner: the Land itself and each Kreis.
    const perOwner = await readCatalogue(target, { pageSize: 50, concurrency: 4, maxPagesPerList: 1 });

    const db = hub.subgraphs.get('laender')?.prepared.database.dataSource;
    const [{ n }] = (await db?.query<[{ n: number }]>(
      'SELECT count(*)::int AS n FROM laender.measure WHERE archived_at IS NULL AND NOT draft',
    )) ?? [{ n: -1 }];
    expect(regionalIds(perLand.items)).toHaveLength(n);
    expect(regionalIds(perOwner.items)).toEqual(regionalIds(perLand.items));
    const bayern = perOwner.items.filter((i) => i.kind === 'REGIONAL_MEASURE' && i.land === '09');
    expect(bayern.length).toBeGreaterThan(40);
    expect(perOwner.places).toEqual(perLand.places);
  });
});

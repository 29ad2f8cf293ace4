import { graphql, graphqlOk } from '../support/graphql';
import { WITHOUT_RESPONSE_CACHE, testHubForThisFile } from '../support/test-hub';

/**
 * search() finds what German readers mean, through the gateway on the seed catalogue: compounds
 * and their parts, places by name, narrowed by target group, level and place — in one SQL
 * statement however many words the text has.
 */

// Without the response cache every search reaches the analytics subgraph, so its SQL counts.
const hub = testHubForThisFile({ gateway: WITHOUT_RESPONSE_CACHE });

interface Hit {
  kind: string;
  id: string;
  title: string;
  snippet: string;
  rank: number;
  place: { ars: string; displayName: string } | null;
  regionalMeasure: { place: { ars: string }; land: { ars: string } } | null;
}
interface Found {
  search: { totalCount: number; hits: Hit[] };
}

const SEARCH = `query ($text: String!, $kinds: [SearchKind!], $filter: SearchFilter, $first: Int) {
  search(text: $text, kinds: $kinds, filter: $filter, first: $first) {
    totalCount
    hits {
      kind id title snippet rank
      place { ars displayName }
      regionalMeasure { place { ars } land { ars } }
    }
  }
}`;

async function search(text: string, extra: Record<string, unknown> = {}): Promise<Found['search']> {
  return (await graphqlOk<Found>(hub.gateway.graphqlUrl, SEARCH, { text, first: 200, ...extra })).search;
}

const ids = (found: Found['search']): string[] => found.hits.map((h) => h.id);
const hit = (found: Found['search'], id: string): Hit | undefined => found.hits.find((h) => h.id === id);

/** The target groups of a hit's entity, read through the gateway (null: it addresses everyone). */
async function targetGroupsOf(id: string, kind: string): Promise<string[] | null> {
  const field = { FEDERAL_MEASURE: 'federalMeasure', REGIONAL_MEASURE: 'regionalMeasure' }[kind];
  if (field) {
    const data = await graphqlOk<Record<string, { targetGroups: { code: string }[] | null }>>(
      hub.gateway.graphqlUrl,
      `query ($id: ID!) { entity: ${field}(id: $id) { targetGroups { code } } }`,
      { id },
    );
    return (data['entity']?.targetGroups ?? []).map((t) => t.code);
  }
  if (kind === 'RESEARCH_OUTPUT') {
    const data = await graphqlOk<{ researchOutput: { targetGroups: { code: string }[] | null } }>(
      hub.gateway.graphqlUrl,
      `query ($id: ID!) { researchOutput(id: $id) { targetGroups { code } } }`,
      { id },
    );
    return (data.researchOutput.targetGroups ?? []).map((t) => t.code);
  }
  const data = await graphqlOk<{
    exchangeFormat: { addressesAllTargetGroups: boolean; targetGroups: { code: string }[] | null };
  }>(
    hub.gateway.graphqlUrl,
    `query ($id: ID!) { exchangeFormat(id: $id) { addressesAllTargetGroups targetGroups { code } } }`,
    { id },
  );
  return data.exchangeFormat.addressesAllTargetGroups
    ? null
    : (data.exchangeFormat.targetGroups ?? []).map((t) => t.code);
}

describe('search finds German compounds', () => {
  it('finds the Berufssprachkurse and the Integrationskurs for "Sprachkurs", the word itself first', async () => {
    const found = await search('Sprachkurs');
    const course = hit(found, 'measure:bund:integrationskurs'); // "… in einem Sprachkurs mit 600 …"
    const bsk = hit(found, 'measure:bund:berufssprachkurse'); // "… (Berufssprachkurse)"
    expect(course).toBeDefined();
    expect(bsk?.snippet).toContain('<b>Berufssprachkurse</b>');
    // The word (or its stem) ranks above a compound that contains it.
    expect(course?.rank).toBeGreaterThanOrEqual(2);
    expect(bsk?.rank).toBeGreaterThanOrEqual(1);
    expect(bsk?.rank).toBeLessThan(2);
    expect(ids(found).indexOf('measure:bund:integrationskurs')).toBeLessThan(
      ids(found).indexOf('measure:bund:berufssprachkurse'),
    );
  });

  it('finds a record that holds the parts of a compound, ranked below the compounds', async () => {
    // "Sprach- und Orientierungskurse": neither "Sprachkurs" nor a compound of it, but both parts.
    const found = await search('Sprachkurs');
    const parts = hit(found, 'measure:bund:gesamtprogramm-sprache');
    expect(parts?.rank).toBeLessThan(1);
    expect(parts?.snippet).toMatch(/<b>Sprach/);
    const ranks = found.hits.map((h) => h.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
  });

  it.each(['Integrationskurse', 'Integrationskurs'])('finds the Integrationskurs for %j', async (text) => {
    const found = await search(text);
    expect(ids(found)).toEqual(expect.arrayContaining(['measure:bund:integrationskurs']));
    expect(hit(found, 'measure:bund:integrationskurs')?.rank).toBeGreaterThanOrEqual(2);
  });

  it('keeps excluded words excluded, compounds too', async () => {
    const found = await search('Sprachkurs -Berufssprachkurse');
    expect(ids(found)).toContain('measure:bund:integrationskurs');
    expect(ids(found)).not.toContain('measure:bund:berufssprachkurse');
  });
});

describe('search narrowed by filter', () => {
  it('at a Kreis in Nordrhein-Westfalen finds its own, NRW’s and federal offers, not Bayern’s', async () => {
    const everywhere = await search('Integration');
    const regionalLaender = (found: Found['search']) =>
      new Set(found.hits.flatMap((h) => (h.regionalMeasure ? [h.regionalMeasure.land.ars] : [])));
    expect(regionalLaender(everywhere)).toContain('09');
    for (const ars of ['05114', '051140000000']) {
      const krefeld = await search('Integration', { filter: { ars } });
      expect([...regionalLaender(krefeld)]).toEqual(['05']);
      const owners = new Set(krefeld.hits.flatMap((h) => (h.regionalMeasure ? [h.regionalMeasure.place.ars] : [])));
      expect([...owners].sort()).toEqual(['05', '05114']);
      expect(krefeld.hits.some((h) => h.kind === 'FEDERAL_MEASURE')).toBe(true);
    }
  });

  it('by target group keeps only items for that group', async () => {
    const all = await search('Integration');
    const children = await search('Integration', { filter: { targetGroups: ['CHILDREN_AND_YOUTH'] } });
    expect(children.hits.length).toBeGreaterThan(0);
    expect(children.hits.length).toBeLessThan(all.hits.length);
    for (const h of children.hits) {
      const groups = await targetGroupsOf(h.id, h.kind);
      if (groups !== null) expect(groups).toContain('CHILDREN_AND_YOUTH');
    }
  });

  it('by level keeps only Kommune measures, and places of that level', async () => {
    const kommune = await search('Integration', { filter: { levels: ['KOMMUNE'] } });
    expect(kommune.hits.length).toBeGreaterThan(0);
    for (const h of kommune.hits) {
      expect(h.kind).toBe('REGIONAL_MEASURE');
      expect(h.regionalMeasure?.place.ars).toHaveLength(5);
    }
    const laender = await search('Hamburg', { filter: { levels: ['LAND'] } });
    expect(laender.hits.filter((h) => h.kind === 'PLACE').map((h) => h.id)).toEqual(['02']);
  });

  it('refuses an ARS the index does not know, naming filter.ars', async () => {
    for (const ars of ['99999', '09', '123']) {
      const answer = await graphql(hub.gateway.graphqlUrl, SEARCH, { text: 'Integration', filter: { ars } });
      if (ars === '09') {
        expect(answer.errors).toBeUndefined();
        continue;
      }
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'filter.ars' });
    }
  });
});

describe('search finds places', () => {
  it.each(['Köln', 'Koeln'])('finds the city of Köln first for %j', async (text) => {
    const found = await search(text);
    expect(found.hits[0]).toMatchObject({
      kind: 'PLACE',
      id: '05315',
      title: 'Köln',
      snippet: '<b>Köln</b>, Stadt',
      place: { ars: '05315', displayName: 'Köln' },
      regionalMeasure: null,
    });
  });

  it('leaves places out when other kinds are asked for, and finds only places with kinds: [PLACE]', async () => {
    const measures = await search('Hamburg', { kinds: ['FEDERAL_MEASURE', 'REGIONAL_MEASURE'] });
    expect(measures.hits.some((h) => h.kind === 'PLACE')).toBe(false);
    const places = await search('Hamburg', { kinds: ['PLACE'] });
    expect(ids(places)).toEqual(['02', '02000']);
    expect(places.totalCount).toBe(2);
  });
});

describe('SQL statements per search', () => {
  async function analyticsSql(text: string, extra: Record<string, unknown> = {}): Promise<number> {
    const counter = hub.subgraphs.get('analytics')?.prepared.database.sqlCounter;
    if (!counter) throw new Error('analytics subgraph not running');
    const before = counter.total;
    const found = await search(text, extra);
    expect(found.hits.length).toBeGreaterThan(0);
    return counter.total - before;
  }

  it('stay the same however many words the text has', async () => {
    const one = await analyticsSql('Sprachkurs');
    const many = await analyticsSql('Sprachkurs Integrationskurse Beratung Familie Arbeitsmarkt OR Kita OR Jugend');
    expect(one).toBe(1);
    expect(many).toBe(one);
    // Checking the place of a filter is one more, whatever the text.
    const filtered = await analyticsSql('Integration Sprachkurs OR Beratung OR Familie', { filter: { ars: '05114' } });
    expect(filtered).toBe(2);
  });
});

import { graphqlOk } from '../support/graphql';
import { addTestNuernbergMeasure, TEST_NUERNBERG_MEASURE_ID } from '../support/fixtures';
import { HEADLINE_QUERY } from '../../web/operations';
import { testHubForThisFile } from '../support/test-hub';

interface Headline {
  targetGroup: {
    code: string;
    label: string;
    federalOffers: { id: string; title: string; level: string }[];
    regionalOffers: { id: string; title: string; level: string; place: { ars: string; name: string } }[];
    researchOutputs: { title: string; institute: { name: string } | null }[];
    exchangeFormats: { name: string }[];
  };
  place: { name: string; federalOffers: { title: string }[]; regionalOffers: { title: string }[] };
}

const hub = testHubForThisFile();
let url: string;
beforeAll(async () => {
  url = hub.gateway.graphqlUrl;
  await addTestNuernbergMeasure(hub);
});

describe('the headline query through the gateway', () => {
  it('answers for women and girls in Nürnberg from all four subgraphs', async () => {
    const data = await graphqlOk<Headline>(url, HEADLINE_QUERY, { code: 'WOMEN_AND_GIRLS', ars: '09564' });
    const group = data.targetGroup;
    expect(group.label).toBe('Frauen und Mädchen');
    // Bund: the Integrationskurs has Eltern- und Frauenintegrationskurse.
    expect(group.federalOffers.map((o) => o.id)).toContain('measure:bund:integrationskurs');
    expect(group.federalOffers.every((o) => o.level === 'BUND')).toBe(true);
    // Kommune: the test-only Nürnberg offer, at its Kreis.
    expect(group.regionalOffers).toContainEqual({
      id: TEST_NUERNBERG_MEASURE_ID,
      title: 'Testangebot Nürnberg (erfunden, nur für Tests)',
      level: 'KOMMUNE',
      place: { ars: '09564', name: 'Nürnberg' },
    });
    // Research: the BAMF-Kurzanalyse on refugees' German, with its finding on mothers.
    expect(group.researchOutputs).toContainEqual({
      title: expect.stringContaining('Geflüchtete verbessern ihre Deutschkenntnisse'),
      institute: { name: 'Forschungszentrum Migration, Integration und Asyl' },
    });
    // Exchange: the Integrationsgipfel concerns every target group.
    expect(group.exchangeFormats.map((f) => f.name)).toContainEqual(expect.stringContaining('Integrationsgipfel'));
    expect(data.place.name).toBe('Nürnberg');
  });

  it("gives Nürnberg's own offers and Bayern's at the Kreis 09564, and nobody else's", async () => {
    const data = await graphqlOk<{
      place: { regionalOffers: { id: string; level: string; place: { ars: string } }[] };
    }>(url, `{ place(ars: "09564") { regionalOffers(first: 200) { id level place { ars } } } }`);
    const offers = data.place.regionalOffers;
    expect(offers.map((o) => o.id)).toEqual(
      expect.arrayContaining([
        TEST_NUERNBERG_MEASURE_ID,
        'measure:land:by:berufsintegrationsklassen',
        'measure:land:by:bayintg',
      ]),
    );
    expect(new Set(offers.map((o) => o.place.ars))).toEqual(new Set(['09', '09564']));
    expect(new Set(offers.map((o) => o.level))).toEqual(new Set(['LAND', 'KOMMUNE']));
  });

  it('shows offers at all three levels for children and young people in Krefeld, all from the real catalogue', async () => {
    const data = await graphqlOk<Headline>(url, HEADLINE_QUERY, { code: 'CHILDREN_AND_YOUTH', ars: '05114' });
    const regional = data.targetGroup.regionalOffers;
    expect(data.targetGroup.federalOffers.map((o) => o.id)).toContain('measure:bund:jmd');
    expect(regional).toContainEqual(expect.objectContaining({ id: 'measure:kommune:krefeld:ki', level: 'KOMMUNE' }));
    expect(regional).toContainEqual(
      expect.objectContaining({ id: 'measure:land:nw:kommunale-integrationszentren', level: 'LAND' }),
    );
    expect(data.place.name).toBe('Krefeld, Stadt');
  });

  it('lists the Integrationskurs as a federal offer for protection holders, owned by the BMI and run by the BAMF', async () => {
    const data = await graphqlOk<{
      targetGroup: {
        federalOffers: { id: string; owner: { code: string }; implementers: { ressort: { code: string } | null }[] }[];
      };
    }>(
      url,
      `{ targetGroup(code: PROTECTION_HOLDERS) { federalOffers(first: 200) { id owner { code } implementers { ressort { code } } } } }`,
    );
    const kurs = data.targetGroup.federalOffers.find((o) => o.id === 'measure:bund:integrationskurs');
    expect(kurs?.owner.code).toBe('BMI');
    expect(kurs?.implementers.map((i) => i.ressort?.code)).toContain('BAMF');
  });

  it('knows Berlin as a Land (11) and as a city (11000)', async () => {
    const data = await graphqlOk<{
      city: { name: string; level: string; kind: string; land: { ars: string; name: string } };
      land: { name: string; level: string; isStadtstaat: boolean; kreise: { ars: string }[]; population: number };
    }>(
      url,
      `{ city: place(ars: "11000") { name level kind land { ars name } }
         land: place(ars: "11") { name level isStadtstaat kreise { ars } population } }`,
    );
    expect(data.city).toEqual({
      name: 'Berlin, Stadt',
      level: 'KOMMUNE',
      kind: 'KREISFREIE_STADT',
      land: { ars: '11', name: 'Berlin' },
    });
    expect(data.land).toEqual({
      name: 'Berlin',
      level: 'LAND',
      isStadtstaat: true,
      kreise: [{ ars: '11000' }],
      population: 3644826,
    });
  });

  it('accepts the 12-digit form of a key', async () => {
    const data = await graphqlOk<{ place: { ars: string } }>(url, `{ place(ars: "095640000000") { ars } }`);
    expect(data.place.ars).toBe('09564');
  });
});

describe('lists', () => {
  it('page in a stable German order without gaps or repeats', async () => {
    const all = await graphqlOk<{ federalMeasures: { totalCount: number; items: { id: string; title: string }[] } }>(
      url,
      `{ federalMeasures(first: 200) { totalCount items { id title } } }`,
    );
    const { totalCount, items } = all.federalMeasures;
    expect(items).toHaveLength(totalCount);
    const sorted = [...items].sort((a, b) => a.title.localeCompare(b.title, 'de') || a.id.localeCompare(b.id));
    expect(items.map((i) => i.id)).toEqual(sorted.map((i) => i.id));
    const pages: string[] = [];
    for (let offset = 0; offset < totalCount; offset += 7) {
      const page = await graphqlOk<{ federalMeasures: { items: { id: string }[] } }>(
        url,
        `query($o: Int!) { federalMeasures(first: 7, offset: $o) { items { id } } }`,
        { o: offset },
      );
      pages.push(...page.federalMeasures.items.map((i) => i.id));
    }
    expect(pages).toEqual(items.map((i) => i.id));
  });

  it('keep the total when the page is past the end', async () => {
    const data = await graphqlOk<{ federalMeasures: { totalCount: number; items: unknown[] } }>(
      url,
      `{ federalMeasures(first: 10, offset: 1000) { totalCount items { id } } }`,
    );
    expect(data.federalMeasures.items).toEqual([]);
    expect(data.federalMeasures.totalCount).toBeGreaterThan(20);
  });

  it('filter by area, target group, level, status and owner', async () => {
    const data = await graphqlOk<{
      language: { items: { areas: string[] }[] };
      bmas: { items: { owner: { code: string } }[] };
      ended: { items: { status: string }[] };
      kommune: { items: { level: string }[] };
      land: { items: unknown[] };
    }>(
      url,
      `{ language: federalMeasures(filter: { areas: [LANGUAGE] }, first: 200) { items { areas } }
         bmas: federalMeasures(owners: ["BMAS"], first: 200) { items { owner { code } } }
         ended: regionalMeasures(filter: { status: [ENDED] }, first: 200) { items { status } }
         kommune: regionalMeasures(filter: { levels: [KOMMUNE] }, first: 200) { items { level } }
         land: federalMeasures(filter: { levels: [LAND] }) { items { id } } }`,
    );
    expect(data.language.items.length).toBeGreaterThan(3);
    expect(data.language.items.every((m) => m.areas.includes('LANGUAGE'))).toBe(true);
    expect(data.bmas.items.length).toBeGreaterThanOrEqual(2);
    expect(data.bmas.items.every((m) => m.owner.code === 'BMAS')).toBe(true);
    expect(data.ended.items.length).toBeGreaterThan(0);
    expect(data.ended.items.every((m) => m.status === 'ENDED')).toBe(true);
    expect(data.kommune.items.every((m) => m.level === 'KOMMUNE')).toBe(true);
    expect(data.land.items).toEqual([]);
  });

  it('give a Land its own offers, and with includeKommunen also its Kommunen’s', async () => {
    const data = await graphqlOk<{
      own: { regionalOffers: { level: string }[] };
      all: { regionalOffers: { level: string }[] };
    }>(
      url,
      `{ own: place(ars: "08") { regionalOffers { level } } all: place(ars: "08") { regionalOffers(includeKommunen: true) { level } } }`,
    );
    expect(new Set(data.own.regionalOffers.map((o) => o.level))).toEqual(new Set(['LAND']));
    expect(data.all.regionalOffers.filter((o) => o.level === 'KOMMUNE').length).toBeGreaterThanOrEqual(2);
  });
});

describe('cross-subgraph relations', () => {
  it('lead from a federal programme to its local implementations and its evaluations', async () => {
    const data = await graphqlOk<{
      kita: { regionalImplementations: { place: { name: string } }[] };
      anerkennung: { evaluations: { id: string }[] };
    }>(
      url,
      `{ kita: federalMeasure(id: "measure:bund:kita-einstieg") { regionalImplementations { place { name } } }
         anerkennung: federalMeasure(id: "measure:bund:anerkennungsgesetz") { evaluations { id } } }`,
    );
    expect(data.kita.regionalImplementations.map((r) => r.place.name).sort()).toEqual([
      'Freiburg im Breisgau',
      'Ravensburg',
    ]);
    expect(data.anerkennung.evaluations.map((e) => e.id)).toContain('research:evaluation-anerkennungsgesetz-2017');
  });

  it('give the vocabulary in German and English', async () => {
    const data = await graphqlOk<{ targetGroups: { code: string; de: string; en: string; category: string }[] }>(
      url,
      `{ targetGroups(category: PRIMARY) { code category de: label en: label(lang: EN) } }`,
    );
    expect(data.targetGroups).toHaveLength(4);
    expect(data.targetGroups[0]).toEqual({
      code: 'EU_CITIZENS',
      category: 'PRIMARY',
      de: 'Freizügigkeitsberechtigte Unionsbürgerinnen und Unionsbürger',
      en: 'EU citizens with freedom of movement',
    });
  });
});

import { graphql, graphqlOk } from '../support/graphql';
import { testHubForThisFile } from '../support/test-hub';

/** Finding Länder, Kreise and kreisfreie Städte by the names people use, through the gateway. */

const hub = testHubForThisFile();

interface Found {
  ars: string;
  name: string;
  displayName: string;
  kind: string;
}
interface Places {
  places: { totalCount: number; items: Found[] };
}

const SEARCH = `query ($search: String, $land: ID, $kind: PlaceKind, $first: Int, $offset: Int) {
  places(search: $search, land: $land, kind: $kind, first: $first, offset: $offset) {
    totalCount
    items { ars name displayName kind }
  }
}`;

async function search(term: string, extra: Record<string, unknown> = {}): Promise<Places['places']> {
  return (await graphqlOk<Places>(hub.gateway.graphqlUrl, SEARCH, { search: term, ...extra })).places;
}

const arsOf = (page: Places['places']): string[] => page.items.map((p) => p.ars);

describe('places(search:)', () => {
  it.each(['Köln', 'Koeln', 'Koln', 'köln', 'KÖLN', '  Köln  '])('finds Köln as %j', async (term) => {
    const page = await search(term);
    expect(page.items[0]).toEqual({ ars: '05315', name: 'Köln, Stadt', displayName: 'Köln', kind: 'KREISFREIE_STADT' });
  });

  it('finds both Frankfurts by prefix, Frankfurt am Main (larger) first', async () => {
    const page = await search('Frankfurt');
    expect(page.totalCount).toBe(2);
    expect(page.items.map((p) => p.displayName)).toEqual(['Frankfurt am Main', 'Frankfurt (Oder)']);
    expect(arsOf(page)).toEqual(['06412', '12053']);
  });

  it.each(['München', 'Muenchen', 'Munchen'])('finds the city and the Landkreis München as %j', async (term) => {
    const page = await search(term);
    // Both are exact matches; the city is larger. kind tells them apart.
    expect(page.items.slice(0, 2)).toEqual([
      { ars: '09162', name: 'München, Landeshauptstadt', displayName: 'München', kind: 'KREISFREIE_STADT' },
      { ars: '09184', name: 'München', displayName: 'München', kind: 'LANDKREIS' },
    ]);
  });

  it('finds Hamburg as the Land first, then as the city', async () => {
    const page = await search('Hamburg');
    expect(page.items).toEqual([
      { ars: '02', name: 'Hamburg', displayName: 'Hamburg', kind: 'LAND' },
      { ars: '02000', name: 'Hamburg, Freie und Hansestadt', displayName: 'Hamburg', kind: 'KREISFREIE_STADT' },
    ]);
    expect(page.totalCount).toBe(2);
  });

  it('finds Berlin as the Land and the city, and Bayern as a Land', async () => {
    expect(arsOf(await search('berlin'))).toEqual(['11', '11000']);
    expect(await search('Bayern')).toEqual({
      totalCount: 1,
      items: [{ ars: '09', name: 'Bayern', displayName: 'Bayern', kind: 'LAND' }],
    });
  });

  it('matches the start of a name, not its middle', async () => {
    expect(arsOf(await search('Ravens'))).toEqual(['08436']);
    expect((await search('avensburg')).totalCount).toBe(0);
  });

  it('ranks the start of the whole name above the start of a later word', async () => {
    const page = await search('Oder');
    // "Oder-Spree" starts with Oder; Frankfurt (Oder) and Märkisch-Oderland have it as a later word.
    expect(page.items[0]?.displayName).toBe('Oder-Spree');
    expect(page.items.map((p) => p.displayName)).toEqual(
      expect.arrayContaining(['Frankfurt (Oder)', 'Märkisch-Oderland']),
    );
    expect((await search('Aachen')).items.map((p) => p.displayName)).toEqual(['Städteregion Aachen']);
  });

  it('folds ß and ss alike', async () => {
    expect(arsOf(await search('Bergstrasse'))).toEqual(arsOf(await search('Bergstraße')));
    expect((await search('Bergstrasse')).items[0]?.displayName).toBe('Bergstraße');
    expect((await search('Dusseldorf')).items[0]?.ars).toBe('05111');
  });

  it('narrows to a Land and a kind', async () => {
    expect(arsOf(await search('München', { kind: 'LANDKREIS' }))).toEqual(['09184']);
    expect(arsOf(await search('Frankfurt', { land: '12' }))).toEqual(['12053']);
    expect(arsOf(await search('Hamburg', { kind: 'LAND' }))).toEqual(['02']);
  });

  it('answers no match with an empty page and a total of 0', async () => {
    expect(await search('Atlantis')).toEqual({ totalCount: 0, items: [] });
  });

  it('pages through the ranked result', async () => {
    const second = await search('Frankfurt', { first: 1, offset: 1 });
    expect(second).toEqual({ totalCount: 2, items: [expect.objectContaining({ ars: '12053' })] });
    expect(await search('Frankfurt', { first: 1, offset: 5 })).toEqual({ totalCount: 2, items: [] });
  });

  it.each([
    ['blank', ''],
    ['whitespace only', '   '],
    ['without a letter or digit', '--'],
    ['longer than 100 characters', 'a'.repeat(101)],
  ])('refuses a search that is %s with BAD_USER_INPUT naming search', async (_label, term) => {
    const result = await graphql<Places>(hub.gateway.graphqlUrl, SEARCH, { search: term });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'search' });
    expect(result.data?.places ?? null).toBeNull();
  });
});

describe('Place.displayName', () => {
  it('drops the statistical suffix and keeps the rest', async () => {
    const data = await graphqlOk<Record<string, { name: string; displayName: string }>>(
      hub.gateway.graphqlUrl,
      `{ koeln: place(ars: "05315") { name displayName }
         kassel: place(ars: "06611") { name displayName }
         oldenburg: place(ars: "03403") { name displayName }
         ravensburg: place(ars: "08436") { name displayName }
         hannover: place(ars: "03241") { name displayName }
         bayern: place(ars: "09") { name displayName } }`,
    );
    expect(data).toEqual({
      koeln: { name: 'Köln, Stadt', displayName: 'Köln' },
      kassel: { name: 'Kassel, documenta-Stadt', displayName: 'Kassel' },
      oldenburg: { name: 'Oldenburg (Oldenburg), Stadt', displayName: 'Oldenburg (Oldenburg)' },
      ravensburg: { name: 'Ravensburg', displayName: 'Ravensburg' },
      hannover: { name: 'Region Hannover', displayName: 'Region Hannover' },
      bayern: { name: 'Bayern', displayName: 'Bayern' },
    });
  });

  it('is there on the Kreise of a Land and on the list without search', async () => {
    const data = await graphqlOk<{ places: { items: { ars: string; displayName: string }[] } }>(
      hub.gateway.graphqlUrl,
      '{ places(land: "05", first: 200) { items { ars displayName } } }',
    );
    expect(data.places.items.find((p) => p.ars === '05315')?.displayName).toBe('Köln');
    expect(data.places.items.every((p) => p.ars.length === 5)).toBe(true);
  });
});

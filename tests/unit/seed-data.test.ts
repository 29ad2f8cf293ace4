import {
  loadMeasureSeed as loadFederalMeasures,
  loadRessortSeed,
  measureRow as federalRow,
} from '../../subgraphs/federal/seed';
import {
  kreisRows,
  loadMeasureSeed as loadRegionalMeasures,
  measureRow as regionalRow,
} from '../../subgraphs/laender/seed';

const federal = loadFederalMeasures();
const ressorts = new Set(loadRessortSeed().map((r) => r.code));
const regional = loadRegionalMeasures();
const kreise = kreisRows();

describe('federal seed data', () => {
  it('passes validation: owner, at least one area and target group, Grundangebot block', () => {
    for (const m of federal) {
      const row = federalRow(m, ressorts);
      expect(row.owner_code).not.toBe('');
      expect(row.areas.length).toBeGreaterThan(0);
      expect(row.target_groups.length).toBeGreaterThan(0);
      expect(row.grundangebot).not.toBe('');
    }
  });

  it('has unique ids', () => {
    expect(new Set(federal.map((m) => m.id)).size).toBe(federal.length);
  });

  it('contains every federal measure the guideline names, in its Grundangebot block', () => {
    const block = (id: string) => federal.find((m) => m.id === id)?.grundangebot;
    expect(block('measure:bund:integrationskurs')).toBe('INTEGRATION_COURSE');
    expect(block('measure:bund:berufssprachkurse')).toBe('JOB_RELATED_LANGUAGE');
    expect(block('measure:bund:mbe')).toBe('INFORMATION_AND_COUNSELLING');
    expect(block('measure:bund:jmd')).toBe('INFORMATION_AND_COUNSELLING');
    expect(block('measure:bund:iq')).toBe('LABOUR_MARKET_INTEGRATION');
    expect(block('measure:bund:anerkennungsgesetz')).toBe('RECOGNITION');
    const welcome = federal.filter((m) => m.grundangebot === 'WELCOME_OFFER').map((m) => m.id);
    expect(welcome).toEqual(
      expect.arrayContaining([
        'measure:bund:broschuere-willkommen',
        'measure:bund:gleichbehandlungsstelle-eu',
        'measure:bund:make-it-in-germany',
        'measure:bund:handbook-germany',
        'measure:bund:app-ankommen',
      ]),
    );
  });

  it('marks records the sources flag as unverified', () => {
    expect(federal.find((m) => m.id === 'measure:bund:broschuere-willkommen')?.verified).toBe(false);
  });
});

describe('Länder seed data', () => {
  const places = new Set([
    ...kreise.map((k) => k.ars),
    ...Array.from({ length: 16 }, (_, i) => String(i + 1).padStart(2, '0')),
  ]);

  it('has all 401 Kreise and kreisfreie Städte with 5-digit keys', () => {
    expect(kreise).toHaveLength(401);
    for (const k of kreise) expect(k.ars).toMatch(/^\d{5}$/);
    expect(kreise.find((k) => k.ars === '09564')?.name).toBe('Nürnberg');
    expect(kreise.find((k) => k.ars === '11000')?.name).toMatch(/^Berlin/);
  });

  it('passes validation and places every measure at a known Land or Kreis', () => {
    for (const m of regional) {
      const row = regionalRow(m, places);
      expect(row.land).toBe(m.ars.slice(0, 2));
    }
  });

  it('puts municipal measures at their Kreis', () => {
    expect(regional.find((m) => m.id === 'measure:kommune:krefeld:ki')?.ars).toBe('05114');
    expect(regional.find((m) => m.id === 'measure:kommune:ravensburg:kita-einstieg')?.parentFederalMeasure).toBe(
      'measure:bund:kita-einstieg',
    );
  });
});

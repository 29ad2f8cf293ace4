/**
 * The dashboard's data as chart rows and CSV tables: pure functions, so the CSV a chart offers is
 * exactly what it draws.
 */
import type { DashboardData } from '../operations';
import { toCsv } from '../shared/csv';
import { scalarCell } from '../shared/result-table';

export const LEVELS = ['BUND', 'LAND', 'KOMMUNE'] as const;
export const LEVEL_LABELS: Record<(typeof LEVELS)[number], string> = {
  BUND: 'Bund',
  LAND: 'Land',
  KOMMUNE: 'Kommune',
};

export interface HeatmapModel {
  /** Target groups, top to bottom: German label and code. */
  rows: { code: string; label: string }[];
  /** Level × area, left to right. */
  columns: { level: (typeof LEVELS)[number]; area: string; areaLabel: string }[];
  /** [column index, row index, count]. */
  values: [number, number, number][];
  max: number;
  gaps: number;
}

export function heatmapModel(data: DashboardData): HeatmapModel {
  const areaLabel = new Map(data.areas.map((a) => [a.code, a.label]));
  const areaOrder = data.areas.map((a) => a.code);
  for (const cell of data.coverageMatrix.cells) if (!areaOrder.includes(cell.area)) areaOrder.push(cell.area);

  const rows: HeatmapModel['rows'] = [];
  for (const cell of data.coverageMatrix.cells) {
    if (!rows.some((r) => r.code === cell.targetGroup.code)) rows.push({ ...cell.targetGroup });
  }
  const columns = LEVELS.flatMap((level) =>
    areaOrder.map((area) => ({ level, area, areaLabel: areaLabel.get(area) ?? area })),
  );
  const counts = new Map<string, number>();
  for (const cell of data.coverageMatrix.cells) {
    const key = `${cell.targetGroup.code}|${cell.level}|${cell.area}`;
    counts.set(key, (counts.get(key) ?? 0) + cell.count);
  }
  const values: [number, number, number][] = [];
  rows.forEach((row, y) =>
    columns.forEach((column, x) => values.push([x, y, counts.get(`${row.code}|${column.level}|${column.area}`) ?? 0])),
  );
  return {
    rows,
    columns,
    values,
    max: Math.max(0, ...values.map((v) => v[2])),
    gaps: values.filter((v) => v[2] === 0).length,
  };
}

export function heatmapCsv(model: HeatmapModel): string {
  return toCsv(
    ['Zielgruppe', 'Zielgruppe (Code)', 'Ebene', 'Handlungsfeld', 'Handlungsfeld (Code)', 'Angebote'],
    model.values.map(([x, y, count]) => {
      const row = model.rows[y];
      const column = model.columns[x];
      return [
        row?.label ?? '',
        row?.code ?? '',
        column ? LEVEL_LABELS[column.level] : '',
        column?.areaLabel ?? '',
        column?.area ?? '',
        String(count),
      ];
    }),
  );
}

export interface BarRow {
  ars: string;
  name: string;
  population: number;
  offers: number;
  per100k: number;
}

/** Länder by offers per 100 000 inhabitants, most first (then by name). */
export function barRows(data: DashboardData): BarRow[] {
  return data.offersPerCapita
    .map((p) => ({
      ars: p.place.ars,
      name: p.name,
      population: p.population,
      offers: p.offers,
      per100k: p.offersPer100k,
    }))
    .sort((a, b) => b.per100k - a.per100k || a.name.localeCompare(b.name, 'de'));
}

export function barCsv(rows: readonly BarRow[]): string {
  return toCsv(
    ['Land', 'ARS', 'Einwohner', 'Angebote', 'Angebote je 100 000 Einwohner'],
    rows.map((r) => [r.name, r.ars, String(r.population), String(r.offers), scalarCell(r.per100k)]),
  );
}

const GERMAN_DATE = new Intl.DateTimeFormat('de-DE', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Berlin',
});

/** "Stand: 26.11.2026, 05:11 Uhr" from analyticsStatus.syncedAt. */
export function standText(syncedAt: string | null): string {
  if (!syncedAt) return 'Stand: noch nicht abgeglichen';
  const date = new Date(syncedAt);
  if (Number.isNaN(date.getTime())) return `Stand: ${syncedAt}`;
  return `Stand: ${GERMAN_DATE.format(date)} Uhr`;
}

export const GERMAN_NUMBER = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 });

const RATE_FORMATS = [1, 2, 3].map((digits) => new Intl.NumberFormat('de-DE', { maximumFractionDigits: digits }));

/** A rate in German notation, with more decimals the smaller it is (12,3 · 1,23 · 0,123). */
export function formatRate(value: number): string {
  const format = RATE_FORMATS[Math.abs(value) >= 10 ? 0 : Math.abs(value) >= 1 ? 1 : 2];
  return format ? format.format(value) : String(value);
}

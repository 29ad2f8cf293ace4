/** The dashboard's one request — the heat map, the bar chart and the "Stand" — and its answer's shape. */
import { COVERAGE_CELLS, PER_CAPITA_ROW } from './analytics';
import { nested, text } from './saved-operation';

export const DASHBOARD_QUERY = text`
query Dashboard {
  analyticsStatus {
    syncedAt
    lastError
  }
  coverageMatrix {
    total
    ${nested(COVERAGE_CELLS, 4)}
  }
  areas {
    code
    label
  }
  offersPerCapita(level: LAND) {
    ${nested(PER_CAPITA_ROW, 4)}
  }
}
`;

export interface DashboardData {
  analyticsStatus: { syncedAt: string | null; lastError: string | null };
  coverageMatrix: {
    total: number;
    cells: {
      targetGroup: { code: string; label: string };
      level: 'BUND' | 'LAND' | 'KOMMUNE';
      area: string;
      count: number;
    }[];
  };
  areas: { code: string; label: string }[];
  offersPerCapita: {
    place: { ars: string };
    name: string;
    population: number;
    offers: number;
    offersPer100k: number;
  }[];
}

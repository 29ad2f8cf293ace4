import { defineLand } from '../shared/land-kit';

/**
 * Which Land this subgraph speaks for: Bayern (ARS 09, ISO 3166-2 DE-BY), so fields `by…`, types
 * `By…`, PostgreSQL schema `land_by`, registry name `land-by`. Made from subgraphs/land-template
 * by setting these values; all the code is the land kit's (subgraphs/shared/land-kit).
 */
export const LAND = defineLand({ ars: '09', namespace: 'by', name: 'Bayern', port: 4101, embeddedPgPort: 54339 });

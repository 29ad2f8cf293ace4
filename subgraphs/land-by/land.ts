/**
 * Which Land this subgraph speaks for. Made from subgraphs/land-template: the namespace renamed
 * xx → by (which set `namespace`, `subgraphName` and `dbSchema`), then `ars`, `name`, `port` and
 * `embeddedPgPort` set by hand. Nothing else in the folder names the Land's ARS: the migration,
 * the seed check and the resolvers all read it from here.
 */
export interface LandConfig {
  /** The Land's 2-digit Amtlicher Regionalschlüssel (Bayern "09", Hessen "06"). */
  ars: string;
  /** Its ISO 3166-2 abbreviation in lower case (Bayern "by"): the prefix of every name it adds. */
  namespace: string;
  name: string;
  /** The name in the registry (schema/subgraphs.json): land-<namespace>. */
  subgraphName: string;
  /** The PostgreSQL schema this subgraph owns: land_<namespace>. */
  dbSchema: string;
  /** Port when it runs alone (`npm run start:land-<namespace>`); PORT overrides it. */
  port: number;
  /** Port of its own embedded PostgreSQL when it runs alone without DATABASE_URL. */
  embeddedPgPort: number;
}

/** Bayern (ARS 09, ISO 3166-2 DE-BY): fields `by…`, types `By…`, PostgreSQL schema `land_by`. */
export const LAND: LandConfig = {
  ars: '09',
  namespace: 'by',
  name: 'Bayern',
  subgraphName: 'land-by',
  dbSchema: 'land_by',
  port: 4101,
  embeddedPgPort: 54339,
};

if (!/^\d{2}$/.test(LAND.ars)) throw new Error(`land.ts: ars must be 2 digits, got "${LAND.ars}"`);

/**
 * True for the Land itself ("09") and its Kreise ("09564"). Every resolver asks this first: a
 * Land's subgraph answers for its own places only and says nothing (null) about any other.
 */
export function ownsPlace(ars: string): boolean {
  return ars === LAND.ars || (/^\d{5}$/.test(ars) && ars.startsWith(LAND.ars));
}

/**
 * Which Land this subgraph speaks for. After copying the template (see README.md), the rename
 * of the namespace (xx → your Land's) fixes `namespace`, `subgraphName` and `dbSchema`; set
 * `ars`, `name`, `port` and `embeddedPgPort` here by hand. Nothing else in the folder names the
 * Land's ARS: the migration, the seed check and the resolvers all read it from here.
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

/**
 * TEMPLATE VALUES. "00" is no Land, so the template as it stands owns no place and returns null
 * for every one; `xx` is a placeholder namespace that `npm run check:subgraph` refuses
 * (UNKNOWN_LAND) until it is renamed.
 */
export const LAND: LandConfig = {
  ars: '00',
  namespace: 'xx',
  name: 'Vorlage (kein Land)',
  subgraphName: 'land-xx',
  dbSchema: 'land_xx',
  port: 4199,
  embeddedPgPort: 54399,
};

if (!/^\d{2}$/.test(LAND.ars)) throw new Error(`land.ts: ars must be 2 digits, got "${LAND.ars}"`);

/**
 * True for the Land itself ("09") and its Kreise ("09564"). Every resolver asks this first: a
 * Land's subgraph answers for its own places only and says nothing (null) about any other.
 */
export function ownsPlace(ars: string): boolean {
  return ars === LAND.ars || (/^\d{5}$/.test(ars) && ars.startsWith(LAND.ars));
}

/**
 * What the kit needs to know of a Land: the Land's own folder describes it in `land.ts` with
 * `defineLand`, and every part of the kit (SQL schema, field and type names, the seed check, the
 * resolvers' `ownsPlace`) is derived from it, so nothing else in that folder names the Land.
 */
export interface LandDescription {
  /** The Land's 2-digit Amtlicher Regionalschlüssel (Bayern "09", Hessen "06"). */
  ars: string;
  /** Its ISO 3166-2 abbreviation in lower case (Bayern "by"): the prefix of every name it adds. */
  namespace: string;
  name: string;
  /** Port when it runs alone (`npm run start:land-<namespace>`); PORT overrides it. */
  port: number;
  /** Port of its own embedded PostgreSQL when it runs alone without DATABASE_URL. */
  embeddedPgPort: number;
}

export interface Land extends LandDescription {
  /** The name in the registry (schema/subgraphs.json): land-<namespace>. */
  subgraphName: string;
  /** The PostgreSQL schema this subgraph owns: land_<namespace>. */
  dbSchema: string;
  /** The prefix of its own types: the namespace capitalised ("By" → `ByCoursePlace`). */
  typePrefix: string;
}

export function defineLand(description: LandDescription): Land {
  const { ars, namespace } = description;
  if (!/^\d{2}$/.test(ars)) throw new Error(`land.ts: ars must be 2 digits, got "${ars}"`);
  // The namespace ends up in SQL identifiers and GraphQL names: letters only.
  if (!/^[a-z]{2}$/.test(namespace))
    throw new Error(`land.ts: namespace must be 2 lower-case letters, got "${namespace}"`);
  return {
    ...description,
    subgraphName: `land-${namespace}`,
    dbSchema: `land_${namespace}`,
    typePrefix: namespace.charAt(0).toUpperCase() + namespace.slice(1),
  };
}

/**
 * True for the Land itself ("09") and its Kreise ("09564"). Every resolver asks this first: a
 * Land's subgraph answers for its own places only and says nothing (null) about any other.
 */
export function ownsPlace(land: Land, ars: string): boolean {
  return ars === land.ars || (/^\d{5}$/.test(ars) && ars.startsWith(land.ars));
}

import { defineLand } from '../shared/land-kit';

/**
 * Which Land this subgraph speaks for; everything else comes from the land kit
 * (subgraphs/shared/land-kit). After copying the template (see README.md), set all five values:
 * `namespace` is the Land's ISO 3166-2 abbreviation in lower case, and from it the kit names the
 * registry entry (`land-<namespace>`), the PostgreSQL schema (`land_<namespace>`) and the
 * migration. Nothing else in the folder names the Land's ARS: the migration's check
 * constraints, the seed check and the resolvers all read it from here.
 *
 * TEMPLATE VALUES. "00" is no Land, so the template as it stands owns no place and returns null
 * for every one; `xx` is a placeholder namespace that `npm run check:subgraph` refuses
 * (UNKNOWN_LAND) until it is renamed.
 */
export const LAND = defineLand({
  // The Land's 2-digit Amtlicher Regionalschlüssel (Bayern "09", Hessen "06").
  ars: '00',
  // Its ISO 3166-2 abbreviation in lower case (Hessen "he"): the prefix of every name it adds.
  namespace: 'xx',
  name: 'Vorlage (kein Land)',
  // Port when it runs alone (`npm run start:land-<namespace>`); PORT overrides it.
  port: 4199,
  // Port of its own embedded PostgreSQL when it runs alone without DATABASE_URL.
  embeddedPgPort: 54399,
});

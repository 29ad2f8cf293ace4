import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { normaliseArs } from '../catalogue/ars';
import { canEditPlace } from '../platform/auth/permissions';
import { toPage, type PageArgs } from '../loading/paging';
import type { SubgraphContext } from '../server/subgraph-module';
import { ownsPlace, type Land } from './land';
import type { LandLoaders } from './loaders';
import type { ContactPointRow, CoursePlaceRow, MeasureDetailsRow, MeasureFact } from './rows';

type Context = SubgraphContext<LandLoaders>;

/** Hub entities are references by key: the gateway fetches their own fields from their owners. */
const placeRef = (ars: string) => ({ ars });
const targetGroupRefs = (codes: readonly string[]) => codes.map((code) => ({ code }));

/**
 * The resolvers of the Land's SDL, under the Land's names: the fields it adds to hub types start
 * with its namespace (`byCoursePlaces`), its own types with the capitalised one (`ByCoursePlace`),
 * exactly as its schema.graphql spells them.
 */
export function landResolvers(land: Land): GraphQLResolverMap<Context> {
  const field = (name: string) => `${land.namespace}${name}`;
  const type = (name: string) => `${land.typePrefix}${name}`;
  const owns = (ars: string) => ownsPlace(land, ars);
  return {
    Place: {
      // Any ARS the gateway sends is a reference; the fields below decide what this Land says.
      __resolveReference: (ref: { ars: string }) => ref,
      [field('CoursePlaces')]: (place: { ars: string }, args: PageArgs, ctx: Context) =>
        owns(place.ars) ? ctx.loaders.coursePlacesByPlace.forArgs(toPage(args)).load(place.ars) : null,
      [field('ContactPoints')]: (place: { ars: string }, args: PageArgs, ctx: Context) =>
        owns(place.ars) ? ctx.loaders.contactPointsByPlace.forArgs(toPage(args)).load(place.ars) : null,
    },

    TargetGroup: {
      __resolveReference: (ref: { code: string }) => ref,
      [field('CoursePlaceCount')]: (group: { code: string }, args: { ars?: string | null }, ctx: Context) => {
        const ars = args.ars ? normaliseArs(args.ars) : land.ars;
        return owns(ars) ? ctx.loaders.coursePlaceCount.forArgs({ ars }).load(group.code) : null;
      },
    },

    RegionalMeasure: {
      __resolveReference: (ref: { id: string }) => ref,
      // The table holds only this Land's measures (a check constraint on `ars`), so every other
      // Land's measure finds no row and gets null.
      [field('Details')]: (measure: { id: string }, _: unknown, ctx: Context) =>
        ctx.loaders.measureDetails.load(measure.id),
    },

    [type('CoursePlace')]: {
      kreis: (row: CoursePlaceRow) => placeRef(row.kreisArs),
      measure: (row: CoursePlaceRow) => (row.measureId ? { id: row.measureId } : null),
      targetGroups: (row: CoursePlaceRow) => targetGroupRefs(row.targetGroups),
    },

    [type('ContactPoint')]: {
      kreis: (row: ContactPointRow) => placeRef(row.kreisArs),
      targetGroups: (row: ContactPointRow) => targetGroupRefs(row.targetGroups),
      viewerCanEdit: (row: ContactPointRow, _: unknown, ctx: Context) => canEditPlace(ctx.viewer, row.kreisArs),
    },

    [type('MeasureDetails')]: {
      measure: (row: MeasureDetailsRow) => ({ id: row.measureId }),
    },

    [type('MeasureFact')]: {
      approximate: (fact: MeasureFact) => fact.approximate ?? false,
    },
  };
}

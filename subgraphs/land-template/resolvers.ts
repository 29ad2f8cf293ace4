import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { normaliseArs } from '../shared/catalogue/ars';
import { canEditPlace } from '../shared/platform/auth/permissions';
import { toPage, type PageArgs } from '../shared/loading/paging';
import type { SubgraphContext } from '../shared/server/subgraph-module';
import { LAND, ownsPlace } from './land';
import type { LandXxLoaders } from './loaders';
import type { ContactPointRow, CoursePlaceRow, MeasureDetailsRow, MeasureFact } from './repository';

type Context = SubgraphContext<LandXxLoaders>;

/** Hub entities are references by key: the gateway fetches their own fields from their owners. */
const placeRef = (ars: string) => ({ ars });
const targetGroupRefs = (codes: readonly string[]) => codes.map((code) => ({ code }));

export const landXxResolvers: GraphQLResolverMap<Context> = {
  Place: {
    // Any ARS the gateway sends is a reference; the fields below decide what this Land says.
    __resolveReference: (ref: { ars: string }) => ref,
    xxCoursePlaces: (place: { ars: string }, args: PageArgs, ctx: Context) =>
      ownsPlace(place.ars) ? ctx.loaders.coursePlacesByPlace.forArgs(toPage(args)).load(place.ars) : null,
    xxContactPoints: (place: { ars: string }, args: PageArgs, ctx: Context) =>
      ownsPlace(place.ars) ? ctx.loaders.contactPointsByPlace.forArgs(toPage(args)).load(place.ars) : null,
  },

  TargetGroup: {
    __resolveReference: (ref: { code: string }) => ref,
    xxCoursePlaceCount: (group: { code: string }, args: { ars?: string | null }, ctx: Context) => {
      const ars = args.ars ? normaliseArs(args.ars) : LAND.ars;
      return ownsPlace(ars) ? ctx.loaders.coursePlaceCount.forArgs({ ars }).load(group.code) : null;
    },
  },

  RegionalMeasure: {
    __resolveReference: (ref: { id: string }) => ref,
    // The table holds only this Land's measures (a check constraint on `ars`), so every other
    // Land's measure finds no row and gets null.
    xxDetails: (measure: { id: string }, _: unknown, ctx: Context) => ctx.loaders.measureDetails.load(measure.id),
  },

  XxCoursePlace: {
    kreis: (row: CoursePlaceRow) => placeRef(row.kreisArs),
    measure: (row: CoursePlaceRow) => (row.measureId ? { id: row.measureId } : null),
    targetGroups: (row: CoursePlaceRow) => targetGroupRefs(row.targetGroups),
  },

  XxContactPoint: {
    kreis: (row: ContactPointRow) => placeRef(row.kreisArs),
    targetGroups: (row: ContactPointRow) => targetGroupRefs(row.targetGroups),
    viewerCanEdit: (row: ContactPointRow, _: unknown, ctx: Context) => canEditPlace(ctx.viewer, row.kreisArs),
  },

  XxMeasureDetails: {
    measure: (row: MeasureDetailsRow) => ({ id: row.measureId }),
  },

  XxMeasureFact: {
    approximate: (fact: MeasureFact) => fact.approximate ?? false,
  },
};

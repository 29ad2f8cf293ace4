import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { normaliseArs } from '../shared/catalogue/ars';
import { canEditPlace, canReadInternal } from '../shared/platform/auth/permissions';
import { badUserInput } from '../shared/platform/errors';
import { normaliseOfferFilter, type OfferFilterInput } from '../shared/catalogue/offer-filter';
import { toPage, type PageArgs } from '../shared/loading/paging';
import { isReviewDue, reviewDueOn } from '../shared/catalogue/review-cycle';
import { editingResolvers } from '../shared/editing/editing-resolvers';
import type { SubgraphContext } from '../shared/server/subgraph-module';
import type { LaenderLoaders } from './loaders';
import type { RegionalMeasureFilter, RegionalMeasureRow } from './measure-repository';
import { REGIONAL_MEASURE_POLICY } from './measure-policy';
import { listKreise, listLaender, searchPlaces, type PlaceRow } from './place-repository';

type Context = SubgraphContext<LaenderLoaders>;
type OfferListArgs = PageArgs & { filter?: OfferFilterInput | null; includeKommunen?: boolean | null };
type PlacesArgs = PageArgs & { search?: string | null; land?: string | null; kind?: string | null };

const MAX_SEARCH_LENGTH = 100;

/** The `search` argument of `places`, trimmed; null when not given. */
function searchTerm(search: string | null | undefined): string | null {
  if (search == null) return null;
  const length = [...search].length;
  if (length > MAX_SEARCH_LENGTH) {
    throw badUserInput('search', `search must be at most ${MAX_SEARCH_LENGTH} characters, got ${length}`);
  }
  const term = search.trim();
  if (term === '') throw badUserInput('search', 'search must not be blank; leave it out to list all Kreise');
  if (!/[\p{L}\p{N}]/u.test(term)) throw badUserInput('search', 'search must contain a letter or a digit');
  return term;
}

/** Normalises an ARS argument and loads the place; an unknown key is the caller's error. */
async function requirePlace(ctx: Context, ars: string, argumentName: string): Promise<PlaceRow> {
  const key = normaliseArs(ars, argumentName);
  const place = await ctx.loaders.place.load(key);
  if (!place) {
    throw badUserInput(argumentName, `No Land or Kreis has the Regionalschlüssel "${ars}"`);
  }
  return place;
}

/** Internal fields and history: analysts, admins and the editors who may edit the owning place. */
function internal<T>(ctx: Context, row: RegionalMeasureRow, value: T): T | null {
  return canReadInternal(ctx.viewer, canEditPlace(ctx.viewer, row.ars)) ? value : null;
}

/** `ars` may come as an argument or inside the filter; both at once must agree. */
function pickArs(args: { ars?: string | null }, filterArs: string | undefined): string | undefined {
  const direct = args.ars ?? undefined;
  if (direct !== undefined && filterArs !== undefined && normaliseArs(direct) !== filterArs) {
    throw badUserInput('ars', 'ars and filter.ars name different places; give one of them');
  }
  return direct ?? filterArs;
}

export const laenderResolvers: GraphQLResolverMap<Context> = {
  Query: {
    place: (_: unknown, args: { ars: string }, ctx: Context) => requirePlace(ctx, args.ars, 'ars'),
    laender: (_: unknown, _args: unknown, ctx: Context) => listLaender(ctx.db),
    places: async (_: unknown, args: PlacesArgs, ctx: Context) => {
      const page = toPage(args);
      const search = searchTerm(args.search);
      let land: string | undefined;
      if (args.land != null) {
        land = (await requirePlace(ctx, args.land, 'land')).ars;
        if (land.length !== 2) throw badUserInput('land', `"${args.land}" is a Kreis, not a Land`);
      }
      const filter = { ...(land ? { land } : {}), ...(args.kind ? { kind: args.kind } : {}) };
      return search === null ? listKreise(ctx.db, filter, page) : searchPlaces(ctx.db, { ...filter, search }, page);
    },
    regionalMeasure: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.measure.load(args.id),
    regionalMeasures: async (_: unknown, args: OfferListArgs & { reviewDue?: boolean | null }, ctx: Context) => {
      const filter: RegionalMeasureFilter = normaliseOfferFilter(args.filter);
      const page = toPage(args);
      if (filter.ars) await requirePlace(ctx, filter.ars, 'filter.ars');
      if (args.reviewDue != null) filter.reviewDue = args.reviewDue;
      const scope = { ...(filter.ars ? { ars: filter.ars } : {}), includeKommunen: args.includeKommunen ?? false };
      return ctx.loaders.measures.list(filter, scope, page);
    },
    regionalReviewsDue: async (_: unknown, args: { ars?: string[] | null }, ctx: Context) => {
      const places = args.ars?.length
        ? [...new Set((await Promise.all(args.ars.map((a) => requirePlace(ctx, a, 'ars')))).map((p) => p.ars))]
        : null;
      const counts = await ctx.loaders.measures.reviewCounts(places);
      return counts.map((c) => ({ ...c, place: ctx.loaders.place.load(c.ars) }));
    },
  },

  Mutation: editingResolvers(REGIONAL_MEASURE_POLICY, (ctx: Context) => ctx.loaders.measure),

  PlaceReviewStatus: {
    due: (status: { ars: string }, args: PageArgs, ctx: Context) =>
      ctx.loaders.measuresByOwningPlace.forArgs({ filter: { reviewDue: true }, page: toPage(args) }).load(status.ars),
  },

  Place: {
    __resolveReference: (ref: { ars: string }, ctx: Context) => ctx.loaders.place.load(ref.ars),
    land: (row: PlaceRow, _: unknown, ctx: Context) =>
      row.level === 'LAND' ? null : ctx.loaders.place.load(row.landArs),
    kreise: (row: PlaceRow, args: PageArgs, ctx: Context) =>
      row.level === 'LAND' ? ctx.loaders.kreise.forArgs(toPage(args)).load(row.ars) : [],
    regionalOffers: (row: PlaceRow, args: OfferListArgs, ctx: Context) => {
      const filter = normaliseOfferFilter(args.filter);
      if (filter.ars !== undefined && filter.ars !== row.ars) {
        throw badUserInput('filter.ars', 'filter.ars differs from the place asked; leave it out here');
      }
      delete filter.ars;
      return ctx.loaders.measuresByPlace
        .forArgs({ filter, includeKommunen: args.includeKommunen ?? false, page: toPage(args) })
        .load(row.ars);
    },
  },

  RegionalMeasure: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.measure.load(ref.id),
    place: (row: RegionalMeasureRow, _: unknown, ctx: Context) => ctx.loaders.place.load(row.ars),
    land: (row: RegionalMeasureRow, _: unknown, ctx: Context) => ctx.loaders.place.load(row.land),
    targetGroups: (row: RegionalMeasureRow) => row.targetGroups.map((code) => ({ code })),
    parentFederalMeasure: (row: RegionalMeasureRow) =>
      row.parentFederalMeasure ? { __typename: 'FederalMeasure', id: row.parentFederalMeasure } : null,
    parentRegionalMeasure: (row: RegionalMeasureRow, _: unknown, ctx: Context) =>
      row.parentRegionalMeasure ? ctx.loaders.measure.load(row.parentRegionalMeasure) : null,
    reviewDue: (row: RegionalMeasureRow) => isReviewDue(row.lastReviewedAt),
    reviewDueOn: (row: RegionalMeasureRow) => reviewDueOn(row.lastReviewedAt),
    viewerCanEdit: (row: RegionalMeasureRow, _: unknown, ctx: Context) => canEditPlace(ctx.viewer, row.ars),
    budget: (row: RegionalMeasureRow, _: unknown, ctx: Context) => internal(ctx, row, row.budget),
    contacts: (row: RegionalMeasureRow, _: unknown, ctx: Context) => internal(ctx, row, row.contacts),
    coordinationStatus: (row: RegionalMeasureRow, _: unknown, ctx: Context) =>
      internal(ctx, row, row.coordinationStatus),
    history: (row: RegionalMeasureRow, args: PageArgs, ctx: Context) =>
      internal(ctx, row, true) ? ctx.loaders.history.forArgs(toPage(args)).load(row.id) : null,
  },

  TargetGroup: {
    __resolveReference: (ref: { code: string }) => ref,
    regionalOffers: async (group: { code: string }, args: OfferListArgs & { ars?: string | null }, ctx: Context) => {
      const filter = normaliseOfferFilter(args.filter);
      const page = toPage(args);
      const ars = pickArs(args, filter.ars);
      delete filter.ars;
      const place = ars === undefined ? undefined : await requirePlace(ctx, ars, 'ars');
      const scope = { ...(place ? { ars: place.ars } : {}), includeKommunen: args.includeKommunen ?? false };
      return ctx.loaders.measuresByTargetGroup.forArgs({ filter, scope, page }).load(group.code);
    },
  },

  FederalMeasure: {
    __resolveReference: (ref: { id: string }) => ref,
    regionalImplementations: (measure: { id: string }, args: PageArgs, ctx: Context) =>
      ctx.loaders.measuresByParentFederal.forArgs(toPage(args)).load(measure.id),
  },
};

import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { isAdmin } from '../shared/platform/auth/permissions';
import { hasRole } from '../shared/platform/auth/viewer';
import { badUserInput, forbidden } from '../shared/platform/errors';
import { toPage, type PageArgs } from '../shared/loading/paging';
import type { SubgraphContext } from '../shared/server/subgraph-module';
import { normaliseArs } from '../shared/catalogue/ars';
import { requireSignedIn } from '../shared/editing/write-guards';
import { readSyncState } from './index-store';
import { SEARCH_KINDS, type HitKind, type SearchKind } from './indexed-item';
import type { CoverageCellRow } from './queries/coverage';
import { ownerKey, type IndexedMeasureRow } from './queries/measure-sql';
import type { PlaceOffersRow } from './queries/offers-per-capita';
import type { SearchFilter } from './queries/search-filter';
import type { OwnerReviewRow, OwnerSuccessControlRow } from './queries/owners';
import type { AnalyticsLoaders } from './loaders';
import { analyticsSyncFor } from './sync';

type Context = SubgraphContext<AnalyticsLoaders>;

/** Longest search text accepted; longer ones are a mistake, not a query. */
const MAX_SEARCH_LENGTH = 500;

/** A list argument that is missing or empty does not filter (as in OfferFilter). */
function listFilter<T>(values: readonly T[] | null | undefined): T[] | null {
  return values && values.length > 0 ? [...values] : null;
}

type SearchArgs = PageArgs & {
  text: string;
  kinds?: HitKind[] | null;
  filter?: {
    targetGroups?: string[] | null;
    areas?: string[] | null;
    levels?: string[] | null;
    ars?: string | null;
  } | null;
};

/**
 * The search filter checked: `ars` in any form `OfferFilter.ars` takes (2, 5 or 12 digits),
 * naming a Land or Kreis the index knows.
 */
async function searchFilterOf(input: SearchArgs['filter'], ctx: Context): Promise<SearchFilter> {
  const given = input?.ars?.trim() || null;
  const ars = given === null ? null : normaliseArs(given, 'filter.ars');
  if (ars !== null && !(await ctx.loaders.index.placeExists(ars))) {
    throw badUserInput('filter.ars', `No Land or Kreis of the index has the Regionalschlüssel "${given}"`);
  }
  return {
    targetGroups: listFilter(input?.targetGroups),
    areas: listFilter(input?.areas),
    levels: listFilter(input?.levels),
    ars,
  };
}

async function status(ctx: Context) {
  const state = await readSyncState(ctx.db);
  return {
    syncedAt: state.syncedAt,
    counts: SEARCH_KINDS.map((kind) => ({ kind, count: state.counts[kind] ?? 0 })),
    lastError: state.lastError,
    refreshIntervalSeconds: analyticsSyncFor(ctx.db).refreshIntervalSeconds,
  };
}

/** Entity references the gateway resolves in the owning subgraph; null for the other kinds. */
function entityOf(kind: SearchKind) {
  return (row: { kind: HitKind; id: string }) => (row.kind === kind ? { id: row.id } : null);
}

export const analyticsResolvers: GraphQLResolverMap<Context> = {
  Query: {
    analyticsStatus: (_: unknown, _args: unknown, ctx: Context) => status(ctx),

    coverageMatrix: async (_: unknown, args: { byLand?: boolean | null; status?: string[] | null }, ctx: Context) => {
      const { cells, total } = await ctx.loaders.index.coverage({
        byLand: args.byLand ?? false,
        status: listFilter(args.status),
      });
      return { cells, gaps: cells.filter((c) => c.count === 0), total };
    },

    overlapCandidates: (
      _: unknown,
      args: PageArgs & {
        level?: string | null;
        targetGroup?: string | null;
        area?: string | null;
        minSimilarity?: number | null;
      },
      ctx: Context,
    ) => {
      const minSimilarity = args.minSimilarity ?? 0.3;
      if (!(minSimilarity >= 0 && minSimilarity <= 1)) {
        throw badUserInput('minSimilarity', `minSimilarity must be between 0 and 1, got ${minSimilarity}`);
      }
      return ctx.loaders.index.overlaps(
        {
          level: args.level ?? null,
          targetGroup: args.targetGroup ?? null,
          area: args.area ?? null,
          minSimilarity,
        },
        toPage(args),
      );
    },

    successControlCoverage: (_: unknown, args: { level?: string | null }, ctx: Context) =>
      ctx.loaders.index.successControl(args.level ?? null),

    reviewFreshness: (_: unknown, args: { level?: string | null }, ctx: Context) =>
      ctx.loaders.index.reviewFreshness(args.level ?? null),

    offersPerCapita: (_: unknown, args: { level: 'LAND' | 'KREIS'; land?: string | null }, ctx: Context) => {
      const land = args.land ?? null;
      if (land !== null && !/^(0[1-9]|1[0-6])$/.test(land)) {
        throw badUserInput('land', `land must be the 2-digit ARS of a Land ("01" to "16"), got "${land}"`);
      }
      return ctx.loaders.index.offersPerCapita(args.level, land);
    },

    search: async (_: unknown, args: SearchArgs, ctx: Context) => {
      const text = args.text.trim();
      if (text === '') throw badUserInput('text', 'text must contain at least one word');
      if (text.length > MAX_SEARCH_LENGTH) {
        throw badUserInput('text', `text must be at most ${MAX_SEARCH_LENGTH} characters, got ${text.length}`);
      }
      const filter = await searchFilterOf(args.filter, ctx);
      const { totalCount, items } = await ctx.loaders.index.search(text, listFilter(args.kinds), filter, toPage(args));
      return { totalCount, hits: items };
    },
  },

  Mutation: {
    refreshAnalytics: async (_: unknown, _args: unknown, ctx: Context) => {
      requireSignedIn(ctx.viewer);
      if (!isAdmin(ctx.viewer) && !hasRole(ctx.viewer, 'analyst')) {
        throw forbidden('Only analysts and admins may refresh the analytics index');
      }
      // A failed refresh is no error of this request: the old index stays and lastError says why.
      await analyticsSyncFor(ctx.db).refresh();
      return status(ctx);
    },
  },

  CoverageCell: {
    targetGroup: (cell: CoverageCellRow) => ({ code: cell.targetGroup }),
    land: (cell: CoverageCellRow) => (cell.land ? { ars: cell.land } : null),
  },

  IndexedMeasure: {
    federalMeasure: entityOf('FEDERAL_MEASURE'),
    regionalMeasure: entityOf('REGIONAL_MEASURE'),
  },

  OwnerSuccessControl: {
    uncovered: (row: OwnerSuccessControlRow, args: PageArgs, ctx: Context): Promise<IndexedMeasureRow[]> =>
      ctx.loaders.uncoveredByOwner.forArgs(toPage(args)).load(ownerKey(row)),
  },

  OwnerReviewFreshness: {
    dueMeasures: (row: OwnerReviewRow, args: PageArgs, ctx: Context): Promise<IndexedMeasureRow[]> =>
      ctx.loaders.dueByOwner.forArgs(toPage(args)).load(ownerKey(row)),
  },

  PlaceOffers: {
    place: (row: PlaceOffersRow) => ({ ars: row.ars }),
  },

  SearchHit: {
    federalMeasure: entityOf('FEDERAL_MEASURE'),
    regionalMeasure: entityOf('REGIONAL_MEASURE'),
    researchOutput: entityOf('RESEARCH_OUTPUT'),
    exchangeFormat: entityOf('EXCHANGE_FORMAT'),
    // A place hit's id is its ARS, the key of Place in the laender subgraph.
    place: (row: { kind: HitKind; id: string }) => (row.kind === 'PLACE' ? { ars: row.id } : null),
  },
};

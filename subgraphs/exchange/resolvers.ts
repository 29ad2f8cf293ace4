import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { canEditExchangeFormat, canReadInternal } from '../shared/platform/auth/permissions';
import { toPage, type PageArgs } from '../shared/loading/paging';
import { isReviewDue, reviewDueOn } from '../shared/catalogue/review-cycle';
import type { SubgraphContext } from '../shared/server/subgraph-module';
import { normaliseExchangeFormatFilter, type ExchangeFormatFilterInput } from './format-filter';
import { formatRessorts, type ExchangeFormatRow } from './format-repository';
import {
  archiveFormat,
  createFormat,
  markFormatReviewed,
  updateFormat,
  type ExchangeFormatInput,
} from './format-writes';
import type { ExchangeLoaders } from './loaders';

type Context = SubgraphContext<ExchangeLoaders>;
type FormatListArgs = PageArgs & { filter?: ExchangeFormatFilterInput | null };

/** Ressorts belong to the federal subgraph; here they are references by code. */
function ressortRef(code: string | null): { code: string } | null {
  return code ? { code } : null;
}

function actor(ctx: Context) {
  return { viewer: ctx.viewer, requestId: ctx.requestId };
}

/** The format as it is now (the request's loader may hold the state before the write). */
function written(ctx: Context, id: string) {
  return { format: ctx.loaders.format.clear(id).load(id) };
}

function canEdit(ctx: Context, row: ExchangeFormatRow): boolean {
  return canEditExchangeFormat(ctx.viewer, row.id, formatRessorts(row));
}

export const exchangeResolvers: GraphQLResolverMap<Context> = {
  Query: {
    exchangeFormat: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.format.load(args.id),
    exchangeFormats: (_: unknown, args: FormatListArgs, ctx: Context) =>
      ctx.loaders.formats.list(normaliseExchangeFormatFilter(args.filter), toPage(args)),
  },

  Mutation: {
    createExchangeFormat: async (_: unknown, args: { input: ExchangeFormatInput }, ctx: Context) =>
      written(ctx, await createFormat(ctx.db, actor(ctx), args.input)),
    updateExchangeFormat: async (
      _: unknown,
      args: { id: string; version: number; input: ExchangeFormatInput },
      ctx: Context,
    ) => {
      await updateFormat(ctx.db, actor(ctx), args.id, args.version, args.input);
      return written(ctx, args.id);
    },
    archiveExchangeFormat: async (_: unknown, args: { id: string; version: number; reason: string }, ctx: Context) => {
      await archiveFormat(ctx.db, actor(ctx), args.id, args.version, args.reason);
      return written(ctx, args.id);
    },
    markExchangeFormatReviewed: async (
      _: unknown,
      args: { id: string; version: number; note?: string | null },
      ctx: Context,
    ) => {
      await markFormatReviewed(ctx.db, actor(ctx), args.id, args.version, args.note ?? null);
      return written(ctx, args.id);
    },
  },

  ExchangeFormat: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.format.load(ref.id),
    convenorRessort: (row: ExchangeFormatRow) => ressortRef(row.convenorRessort),
    coordinatorRessort: (row: ExchangeFormatRow) => ressortRef(row.coordinatorRessort),
    jointLeadRessorts: (row: ExchangeFormatRow) => row.jointLeadRessorts.map((code) => ({ code })),
    // Cross-cutting formats list only the groups their source names; addressesAllTargetGroups says the rest.
    targetGroups: (row: ExchangeFormatRow) => row.targetGroups.map((code) => ({ code })),
    relatedFederalMeasures: (row: ExchangeFormatRow) => row.relatedFederalMeasures.map((id) => ({ id })),
    reviewDue: (row: ExchangeFormatRow) => isReviewDue(row.lastReviewedAt),
    reviewDueOn: (row: ExchangeFormatRow) => reviewDueOn(row.lastReviewedAt),
    viewerCanEdit: (row: ExchangeFormatRow, _: unknown, ctx: Context) => canEdit(ctx, row),
    // Internal: analysts, admins and the format's editors.
    history: (row: ExchangeFormatRow, args: PageArgs, ctx: Context) =>
      canReadInternal(ctx.viewer, canEdit(ctx, row)) ? ctx.loaders.history.forArgs(toPage(args)).load(row.id) : null,
  },

  TargetGroup: {
    __resolveReference: (ref: { code: string }) => ref,
    exchangeFormats: (group: { code: string }, args: FormatListArgs, ctx: Context) =>
      ctx.loaders.formatsByTargetGroup
        .forArgs({ filter: normaliseExchangeFormatFilter(args.filter), page: toPage(args) })
        .load(group.code),
  },

  Ressort: {
    __resolveReference: (ref: { code: string }) => ref,
    exchangeFormats: (ressort: { code: string }, args: PageArgs, ctx: Context) =>
      ctx.loaders.formatsByRessort.forArgs(toPage(args)).load(ressort.code),
  },
};

import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { canEditExchangeFormat, canReadInternal } from '../shared/platform/auth/permissions';
import { toPage, type PageArgs } from '../shared/loading/paging';
import { isReviewDue, reviewDueOn } from '../shared/catalogue/review-cycle';
import { editingResolvers } from '../shared/editing/editing-resolvers';
import type { SubgraphContext } from '../shared/server/subgraph-module';
import { normaliseExchangeFormatFilter, type ExchangeFormatFilterInput } from './format-filter';
import { formatRessorts, type ExchangeFormatRow } from './format-repository';
import { EXCHANGE_FORMAT_POLICY } from './format-policy';
import type { ExchangeLoaders } from './loaders';

type Context = SubgraphContext<ExchangeLoaders>;
type FormatListArgs = PageArgs & { filter?: ExchangeFormatFilterInput | null };

/** Ressorts belong to the federal subgraph; here they are references by code. */
function ressortRef(code: string | null): { code: string } | null {
  return code ? { code } : null;
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

  Mutation: editingResolvers(EXCHANGE_FORMAT_POLICY, (ctx: Context) => ctx.loaders.format),

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

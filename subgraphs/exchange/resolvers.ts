import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { toPage, type PageArgs } from '../shared/paging';
import type { SubgraphContext } from '../shared/subgraph-module';
import { normaliseExchangeFormatFilter, type ExchangeFormatFilterInput } from './format-filter';
import { listFormats, type ExchangeFormatRow } from './format-repository';
import type { ExchangeLoaders } from './loaders';

type Context = SubgraphContext<ExchangeLoaders>;
type FormatListArgs = PageArgs & { filter?: ExchangeFormatFilterInput | null };

/** Ressorts belong to the federal subgraph; here they are references by code. */
function ressortRef(code: string | null): { code: string } | null {
  return code ? { code } : null;
}

export const exchangeResolvers: GraphQLResolverMap<Context> = {
  Query: {
    exchangeFormat: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.format.load(args.id),
    exchangeFormats: (_: unknown, args: FormatListArgs, ctx: Context) =>
      listFormats(ctx.db, normaliseExchangeFormatFilter(args.filter), toPage(args)),
  },

  ExchangeFormat: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.format.load(ref.id),
    convenorRessort: (row: ExchangeFormatRow) => ressortRef(row.convenorRessort),
    coordinatorRessort: (row: ExchangeFormatRow) => ressortRef(row.coordinatorRessort),
    jointLeadRessorts: (row: ExchangeFormatRow) => row.jointLeadRessorts.map((code) => ({ code })),
    // Cross-cutting formats list only the groups their source names; addressesAllTargetGroups says the rest.
    targetGroups: (row: ExchangeFormatRow) => row.targetGroups.map((code) => ({ code })),
    relatedFederalMeasures: (row: ExchangeFormatRow) => row.relatedFederalMeasures.map((id) => ({ id })),
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

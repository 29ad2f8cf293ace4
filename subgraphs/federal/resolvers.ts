import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { normaliseOfferFilter, type OfferFilterInput } from '../shared/catalogue/offer-filter';
import { toPage, type PageArgs } from '../shared/loading/paging';
import { canEditFederalMeasure, canReadInternal } from '../shared/platform/auth/permissions';
import { isReviewDue, reviewDueOn } from '../shared/catalogue/review-cycle';
import { editingResolvers } from '../shared/editing/editing-resolvers';
import type { SubgraphContext } from '../shared/server/subgraph-module';
import {
  AREAS,
  COMPLEMENTARY,
  GRUNDANGEBOTE,
  pickLabel,
  type GrundangebotBlock,
  type LabelLanguage,
  type TargetGroupCategory,
} from '../shared/catalogue/vocabulary';
import { listRessorts, listTargetGroups, type RessortRow, type TargetGroupRow } from './catalogue-repository';
import type { FederalLoaders, ListArgs } from './loaders';
import type { FederalMeasureRow } from './measure-repository';
import { FEDERAL_MEASURE_POLICY } from './measure-policy';

type Context = SubgraphContext<FederalLoaders>;
type LangArgs = { lang?: LabelLanguage | null };
type OfferListArgs = PageArgs & { filter?: OfferFilterInput | null };

function listArgs(args: OfferListArgs): ListArgs {
  return { filter: normaliseOfferFilter(args.filter), page: toPage(args) };
}

/** Internal fields and history: analysts, admins and the owning Ressort's editors. */
function internal<T>(ctx: Context, row: FederalMeasureRow, value: T): T | null {
  return canReadInternal(ctx.viewer, canEditFederalMeasure(ctx.viewer, row.ownerCode)) ? value : null;
}

function label(row: { labelDe: string; labelEn: string }, args: LangArgs): string {
  return pickLabel(row, args.lang ?? 'DE');
}

interface BlockInfo {
  code: GrundangebotBlock;
  labelDe: string;
  labelEn: string;
}

export const federalResolvers: GraphQLResolverMap<Context> = {
  Query: {
    targetGroup: (_: unknown, args: { code: string }, ctx: Context) => ctx.loaders.targetGroup.load(args.code),
    targetGroups: (_: unknown, args: { category?: TargetGroupCategory | null }, ctx: Context) =>
      listTargetGroups(ctx.db, args.category ?? null),
    areas: () => AREAS,
    grundangebote: () => [
      ...GRUNDANGEBOTE,
      {
        code: COMPLEMENTARY.code,
        labelDe: COMPLEMENTARY.labelDe,
        labelEn: COMPLEMENTARY.labelEn,
        blocks: [COMPLEMENTARY],
      },
    ],
    ressort: (_: unknown, args: { code: string }, ctx: Context) => ctx.loaders.ressort.load(args.code),
    ressorts: (_: unknown, _args: unknown, ctx: Context) => listRessorts(ctx.db),
    federalMeasure: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.measure.load(args.id),
    federalMeasures: (
      _: unknown,
      args: OfferListArgs & {
        owners?: string[] | null;
        grundangebot?: GrundangebotBlock[] | null;
        reviewDue?: boolean | null;
      },
      ctx: Context,
    ) => {
      const { filter, page } = listArgs(args);
      if (args.owners?.length) filter.owners = args.owners;
      if (args.grundangebot?.length) filter.grundangebot = args.grundangebot;
      if (args.reviewDue != null) filter.reviewDue = args.reviewDue;
      return ctx.loaders.measures.list(filter, page);
    },
    reviewsDue: async (_: unknown, args: { owners?: string[] | null }, ctx: Context) => {
      const counts = await ctx.loaders.measures.reviewCounts(args.owners?.length ? args.owners : null);
      return counts.map((c) => ({ ...c, ressort: ctx.loaders.ressort.load(c.ownerCode) }));
    },
  },

  Mutation: editingResolvers(FEDERAL_MEASURE_POLICY, (ctx: Context) => ctx.loaders.measure),

  RessortReviewStatus: {
    due: (status: { ownerCode: string }, args: PageArgs, ctx: Context) =>
      ctx.loaders.measuresByOwner.forArgs({ filter: { reviewDue: true }, page: toPage(args) }).load(status.ownerCode),
  },

  TargetGroup: {
    __resolveReference: (ref: { code: string }, ctx: Context) => ctx.loaders.targetGroup.load(ref.code),
    label: (row: TargetGroupRow, args: LangArgs) => label(row, args),
    federalOffers: (row: TargetGroupRow, args: OfferListArgs, ctx: Context) =>
      ctx.loaders.measuresByTargetGroup.forArgs(listArgs(args)).load(row.code),
  },

  AreaInfo: { label: (row: { labelDe: string; labelEn: string }, args: LangArgs) => label(row, args) },
  Grundangebot: { label: (row: { labelDe: string; labelEn: string }, args: LangArgs) => label(row, args) },
  GrundangebotBlockInfo: {
    label: (row: BlockInfo, args: LangArgs) => label(row, args),
    measures: (row: BlockInfo, args: PageArgs, ctx: Context) =>
      ctx.loaders.measuresByBlock.forArgs(toPage(args)).load(row.code),
  },

  Ressort: {
    __resolveReference: (ref: { code: string }, ctx: Context) => ctx.loaders.ressort.load(ref.code),
    parent: (row: RessortRow, _: unknown, ctx: Context) =>
      row.parentCode ? ctx.loaders.ressort.load(row.parentCode) : null,
    measures: (row: RessortRow, args: OfferListArgs, ctx: Context) =>
      ctx.loaders.measuresByOwner.forArgs(listArgs(args)).load(row.code),
  },

  Implementer: {
    ressort: (row: { ressort?: string }, _: unknown, ctx: Context) =>
      row.ressort ? ctx.loaders.ressort.load(row.ressort) : null,
  },

  EligibilityRule: {
    residenceStatus: (row: { status?: string }) => row.status ?? null,
  },

  FederalMeasure: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.measure.load(ref.id),
    level: () => 'BUND',
    owner: (row: FederalMeasureRow, _: unknown, ctx: Context) => ctx.loaders.ressort.load(row.ownerCode),
    targetGroups: (row: FederalMeasureRow, _: unknown, ctx: Context) =>
      ctx.loaders.targetGroup.loadMany(row.targetGroups),
    reviewDue: (row: FederalMeasureRow) => isReviewDue(row.lastReviewedAt),
    reviewDueOn: (row: FederalMeasureRow) => reviewDueOn(row.lastReviewedAt),
    viewerCanEdit: (row: FederalMeasureRow, _: unknown, ctx: Context) =>
      canEditFederalMeasure(ctx.viewer, row.ownerCode),
    budget: (row: FederalMeasureRow, _: unknown, ctx: Context) => internal(ctx, row, row.budget),
    contacts: (row: FederalMeasureRow, _: unknown, ctx: Context) => internal(ctx, row, row.contacts),
    coordinationStatus: (row: FederalMeasureRow, _: unknown, ctx: Context) =>
      internal(ctx, row, row.coordinationStatus),
    history: (row: FederalMeasureRow, args: PageArgs, ctx: Context) =>
      internal(ctx, row, true) ? ctx.loaders.history.forArgs(toPage(args)).load(row.id) : null,
  },

  Place: {
    federalOffers: (_place: { ars: string }, args: OfferListArgs, ctx: Context) =>
      ctx.loaders.nationwideOffers.forArgs(listArgs(args)).load('all'),
  },
};

import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { normaliseOfferFilter, type OfferFilterInput } from '../shared/offer-filter';
import { toPage, type PageArgs } from '../shared/paging';
import { DateTimeScalar } from '../shared/scalars';
import type { SubgraphContext } from '../shared/subgraph-module';
import {
  AREAS,
  COMPLEMENTARY,
  GRUNDANGEBOTE,
  pickLabel,
  type GrundangebotBlock,
  type LabelLanguage,
  type TargetGroupCategory,
} from '../shared/vocabulary';
import { listRessorts, listTargetGroups, type RessortRow, type TargetGroupRow } from './catalogue-repository';
import type { FederalLoaders, ListArgs } from './loaders';
import { listMeasures, type FederalMeasureRow } from './measure-repository';

type Context = SubgraphContext<FederalLoaders>;
type LangArgs = { lang?: LabelLanguage | null };
type OfferListArgs = PageArgs & { filter?: OfferFilterInput | null };

function listArgs(args: OfferListArgs): ListArgs {
  return { filter: normaliseOfferFilter(args.filter), page: toPage(args) };
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
  DateTime: DateTimeScalar,

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
      args: OfferListArgs & { owners?: string[] | null; grundangebot?: GrundangebotBlock[] | null },
      ctx: Context,
    ) => {
      const { filter, page } = listArgs(args);
      if (args.owners?.length) filter.owners = args.owners;
      if (args.grundangebot?.length) filter.grundangebot = args.grundangebot;
      return listMeasures(ctx.db, filter, page);
    },
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
  },

  Place: {
    federalOffers: (_place: { ars: string }, args: OfferListArgs, ctx: Context) =>
      ctx.loaders.nationwideOffers.forArgs(listArgs(args)).load('all'),
  },
};

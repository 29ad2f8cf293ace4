import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { canEditResearchOutput, canReadInternal } from '../shared/platform/auth/permissions';
import { toPage, type PageArgs } from '../shared/loading/paging';
import { isReviewDue, reviewDueOn } from '../shared/catalogue/review-cycle';
import { editingResolvers } from '../shared/editing/editing-resolvers';
import type { SubgraphContext } from '../shared/server/subgraph-module';
import { listInstitutes, type InstituteRow } from './institute-repository';
import type { ListArgs, ResearchLoaders } from './loaders';
import type { MeasureLinkRow } from './measure-link-repository';
import { normaliseOutputFilter, type ResearchOutputFilterInput } from './output-filter';
import type { ResearchOutputRow } from './output-repository';
import { RESEARCH_OUTPUT_POLICY } from './output-policy';
import type { MeasureLinkKind, MeasureSubgraph } from './seed-types';

type Context = SubgraphContext<ResearchLoaders>;
type OutputListArgs = PageArgs & { filter?: ResearchOutputFilterInput | null };

function listArgs(args: OutputListArgs): ListArgs {
  return { filter: normaliseOutputFilter(args.filter), page: toPage(args) };
}

/**
 * Institute codes live in an array column without a foreign key, so a code can outlive its row
 * (an editor deleting an institute). Dropping it keeps the output readable; real failures still throw.
 */
async function present<T>(loaded: Promise<(T | null | Error)[]>): Promise<T[]> {
  const rows = await loaded;
  const failure = rows.find((r): r is Error => r instanceof Error);
  if (failure) throw failure;
  return rows.filter((r): r is T => r !== null);
}

/** The research of a measure owned by another subgraph; it only hands us the id. */
function measureResearch(subgraph: MeasureSubgraph, kind: MeasureLinkKind | null) {
  return (measure: { id: string }, args: PageArgs, ctx: Context) =>
    ctx.loaders.outputsByMeasure.forArgs({ subgraph, kind, page: toPage(args) }).load(measure.id);
}

export const researchResolvers: GraphQLResolverMap<Context> = {
  Query: {
    institutes: (_: unknown, _args: unknown, ctx: Context) => listInstitutes(ctx.db),
    institute: (_: unknown, args: { code: string }, ctx: Context) => ctx.loaders.institute.load(args.code),
    researchOutput: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.output.load(args.id),
    researchOutputs: (_: unknown, args: OutputListArgs, ctx: Context) => {
      const { filter, page } = listArgs(args);
      return ctx.loaders.outputs.list(filter, page);
    },
  },

  Mutation: editingResolvers(RESEARCH_OUTPUT_POLICY, (ctx: Context) => ctx.loaders.output),

  Institute: {
    __resolveReference: (ref: { code: string }, ctx: Context) => ctx.loaders.institute.load(ref.code),
    // Ressort belongs to the federal subgraph; the gateway resolves the rest from the code.
    ressort: (row: InstituteRow) => (row.ressortCode ? { code: row.ressortCode } : null),
    outputs: (row: InstituteRow, args: PageArgs, ctx: Context) =>
      ctx.loaders.outputsByInstitute.forArgs(toPage(args)).load(row.code),
  },

  ResearchOutput: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.output.load(ref.id),
    institute: (row: ResearchOutputRow, _: unknown, ctx: Context) =>
      row.leadInstituteCode ? ctx.loaders.institute.load(row.leadInstituteCode) : null,
    institutes: (row: ResearchOutputRow, _: unknown, ctx: Context) =>
      present(ctx.loaders.institute.loadMany(row.instituteCodes)),
    publisherRessorts: (row: ResearchOutputRow) => row.publisherRessortCodes.map((code) => ({ code })),
    targetGroups: (row: ResearchOutputRow) => row.targetGroups.map((code) => ({ code })),
    partOf: (row: ResearchOutputRow, _: unknown, ctx: Context) =>
      row.partOfId ? ctx.loaders.output.load(row.partOfId) : null,
    parts: (row: ResearchOutputRow, args: PageArgs, ctx: Context) =>
      ctx.loaders.partsByParent.forArgs(toPage(args)).load(row.id),
    measureLinks: (row: ResearchOutputRow, _: unknown, ctx: Context) => ctx.loaders.linksByOutput.load(row.id),
    reviewDue: (row: ResearchOutputRow) => isReviewDue(row.lastReviewedAt),
    reviewDueOn: (row: ResearchOutputRow) => reviewDueOn(row.lastReviewedAt),
    viewerCanEdit: (row: ResearchOutputRow, _: unknown, ctx: Context) =>
      canEditResearchOutput(ctx.viewer, row.instituteCodes),
    // Internal: analysts, admins and the editors of the output's institutes.
    history: (row: ResearchOutputRow, args: PageArgs, ctx: Context) =>
      canReadInternal(ctx.viewer, canEditResearchOutput(ctx.viewer, row.instituteCodes))
        ? ctx.loaders.history.forArgs(toPage(args)).load(row.id)
        : null,
  },

  MeasureLink: {
    federalMeasure: (link: MeasureLinkRow) =>
      link.subgraph === 'federal' ? { __typename: 'FederalMeasure', id: link.measureId } : null,
    regionalMeasure: (link: MeasureLinkRow) =>
      link.subgraph === 'laender' ? { __typename: 'RegionalMeasure', id: link.measureId } : null,
  },

  TargetGroup: {
    // The federal subgraph owns target groups; any code the gateway sends is one of the enum's.
    __resolveReference: (ref: { code: string }) => ref,
    researchOutputs: (group: { code: string }, args: OutputListArgs, ctx: Context) =>
      ctx.loaders.outputsByTargetGroup.forArgs(listArgs(args)).load(group.code),
  },

  FederalMeasure: {
    __resolveReference: (ref: { id: string }) => ref,
    evaluations: measureResearch('federal', 'EVALUATION'),
    research: measureResearch('federal', null),
  },

  RegionalMeasure: {
    __resolveReference: (ref: { id: string }) => ref,
    evaluations: measureResearch('laender', 'EVALUATION'),
    research: measureResearch('laender', null),
  },
};

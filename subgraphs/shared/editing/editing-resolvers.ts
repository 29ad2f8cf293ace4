import type DataLoader from 'dataloader';
import type { GraphQLFieldResolver } from 'graphql';
import type { OfferInput } from '../catalogue/offer-input';
import type { OfferRowBase } from '../catalogue/offer-sql';
import type { SubgraphContext } from '../server/subgraph-module';
import { runImport, type ImportSpec } from './bulk-import';
import { archiveEntry, createEntry, reviewEntry, updateEntry } from './editorial-lifecycle';
import type { EditableRow, EditorialPolicy } from './editorial-policy';
import type { SimilarMatch } from './similarity';

/** The request's loader of the objects; cleared before the written one is read back. */
type LoaderOf<Ctx, Row> = (ctx: Ctx) => DataLoader<string, Row | null>;

function warningsOf<Ctx, Row>(ctx: Ctx, loader: LoaderOf<Ctx, Row>, matches: SimilarMatch[]) {
  return matches.map((m) => ({
    code: 'SIMILAR_MEASURE_EXISTS',
    message: `"${m.id}" has the same target group, area and level and similar wording; an existing measure takes precedence over a new one`,
    similarity: m.similarity,
    // A resolver, not a promise: a load nobody selects would run anyway, and fail unobserved.
    measure: () => loader(ctx).load(m.id),
  }));
}

/**
 * The create<Type>, update<Type>, archive<Type>, mark<Type>Reviewed and (for measures)
 * import<Type>s entries of a subgraph's Mutation map, from its policy.
 * The payload holds the object as it is now (the request's loader may hold the state before the
 * write) and, where the policy looks for similar objects, their warnings.
 */
export function editingResolvers<Ctx extends SubgraphContext<unknown>, Row extends EditableRow, Input>(
  /** With `importing` for a kind of measure (bulk import, all or nothing, see runImport). */
  policy: EditorialPolicy<Row, Input> & { importing?: ImportSpec<Row & OfferRowBase, OfferInput> },
  loader: LoaderOf<Ctx, Row>,
): Record<string, GraphQLFieldResolver<unknown, Ctx>> {
  const actor = (ctx: Ctx) => ({ viewer: ctx.viewer, requestId: ctx.requestId });
  const payload = (ctx: Ctx, id: string | null, similar: SimilarMatch[]) => ({
    [policy.graphql.payload]: id ? loader(ctx).clear(id).load(id) : null,
    ...(policy.similar ? { warnings: warningsOf(ctx, loader, similar) } : {}),
  });
  type Write = { id: string; version: number };
  const { type } = policy.graphql;
  const { importing } = policy;
  return {
    ...(importing && {
      [`import${type}s`]: (_: unknown, args: { rows: OfferInput[]; dryRun?: boolean | null }, ctx: Ctx) =>
        runImport(ctx.db, actor(ctx), args.rows, args.dryRun ?? false, importing),
    }),
    [`create${type}`]: async (_: unknown, args: { input: Input; dryRun?: boolean | null }, ctx: Ctx) => {
      const result = await createEntry(ctx.db, policy, actor(ctx), args.input, args.dryRun ?? false);
      return payload(ctx, result.id, result.warnings);
    },
    [`update${type}`]: async (_: unknown, args: Write & { input: Input }, ctx: Ctx) =>
      payload(ctx, args.id, await updateEntry(ctx.db, policy, actor(ctx), args)),
    [`archive${type}`]: async (_: unknown, args: Write & { reason: string }, ctx: Ctx) => {
      await archiveEntry(ctx.db, policy, actor(ctx), args);
      return payload(ctx, args.id, []);
    },
    [`mark${type}Reviewed`]: async (_: unknown, args: Write & { note?: string | null }, ctx: Ctx) => {
      await reviewEntry(ctx.db, policy, actor(ctx), { id: args.id, version: args.version, note: args.note ?? null });
      return payload(ctx, args.id, []);
    },
  };
}

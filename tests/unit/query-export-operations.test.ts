import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, validate, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { compose, sourcesOf } from '../../schema/compose';
import { readRegistry, REPO_ROOT } from '../../schema/registry';
import { apiSchema } from '../../schema/public-schema';
import { DASHBOARD_QUERY, SAVED_OPERATIONS } from '../../web/operations';

/**
 * The saved operations (explorer tabs, dashboard, export:query --saved) against the public API:
 * the registry's subgraphs, plus the analytics contract while it is not registered yet.
 */
function publicSchema(): GraphQLSchema {
  const registry = readRegistry();
  const sources = sourcesOf(registry);
  if (!registry.some((e) => e.name === 'analytics')) {
    const file = path.join(REPO_ROOT, 'subgraphs', 'analytics', 'schema.graphql');
    sources.push({ name: 'analytics', url: 'http://localhost:4005/graphql', sdl: readFileSync(file, 'utf8') });
  }
  const result = compose(sources);
  if (!result.ok) throw new Error(`Composition failed:\n${result.errors.join('\n')}`);
  return apiSchema(result.supergraphSdl);
}

const schema = publicSchema();

function operationsOf(query: string): OperationDefinitionNode[] {
  return parse(query).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
}

describe('the saved operations', () => {
  it.each(SAVED_OPERATIONS.map((o) => [o.name, o.query] as const))('%s fits the schema', (_name, query) => {
    expect(validate(schema, parse(query)).map((e) => e.message)).toEqual([]);
  });

  it('the dashboard query fits the schema', () => {
    expect(validate(schema, parse(DASHBOARD_QUERY)).map((e) => e.message)).toEqual([]);
  });

  it('are named like their first operation (the explorer tab title) and uniquely', () => {
    for (const saved of SAVED_OPERATIONS) expect(operationsOf(saved.query)[0]?.name?.value).toBe(saved.name);
    expect(new Set(SAVED_OPERATIONS.map((o) => o.name)).size).toBe(SAVED_OPERATIONS.length);
  });

  it('come with every required variable and no unknown one', () => {
    for (const saved of SAVED_OPERATIONS) {
      const definitions = operationsOf(saved.query).flatMap((o) => o.variableDefinitions ?? []);
      const declared = definitions.map((d) => d.variable.name.value);
      const required = definitions
        .filter((d) => d.type.kind === Kind.NON_NULL_TYPE && !d.defaultValue)
        .map((d) => d.variable.name.value);
      const given = Object.keys(saved.variables ?? {});
      expect({ name: saved.name, missing: required.filter((v) => !given.includes(v)) }).toEqual({
        name: saved.name,
        missing: [],
      });
      expect({ name: saved.name, unknown: given.filter((v) => !declared.includes(v)) }).toEqual({
        name: saved.name,
        unknown: [],
      });
    }
  });

  it('cover every question of the brief', () => {
    const fields = SAVED_OPERATIONS.flatMap((o) =>
      operationsOf(o.query).flatMap((op) =>
        op.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])),
      ),
    );
    for (const field of [
      'targetGroup',
      'coverageMatrix',
      'overlapCandidates',
      'successControlCoverage',
      'reviewFreshness',
      'offersPerCapita',
      'search',
      'reviewsDue',
      'updateFederalMeasure',
    ]) {
      expect(fields).toContain(field);
    }
  });
});

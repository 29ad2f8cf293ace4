import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { composeSupergraph } from '../../schema/compose';
import { buildSchema } from 'graphql';
import { publicSchemaSdl } from '../../schema/public-schema';
import { PUBLIC_SCHEMA_PATH, readRegistry, REPO_ROOT, SUPERGRAPH_PATH } from '../../schema/registry';
import { ALL_SUBGRAPHS } from '../../subgraphs';

describe('the supergraph artifact', () => {
  it('is what `npm run compose` produces from the registry (run it and commit when this fails)', () => {
    expect(readFileSync(SUPERGRAPH_PATH, 'utf8')).toBe(composeSupergraph());
  });

  it('comes with the public contract, schema/public.graphql, made from it (run `npm run compose` when this fails)', () => {
    expect(readFileSync(PUBLIC_SCHEMA_PATH, 'utf8')).toBe(publicSchemaSdl(composeSupergraph()));
  });

  it('shows clients no federation machinery in the public contract, and the headline fields', () => {
    const sdl = readFileSync(PUBLIC_SCHEMA_PATH, 'utf8');
    expect(sdl).not.toMatch(/join__|link__|_entities|_service|@key|@external/);
    const schema = buildSchema(sdl);
    const query = schema.getQueryType()?.getFields() ?? {};
    expect(Object.keys(query)).toEqual(expect.arrayContaining(['targetGroup', 'place', 'federalMeasure', 'search']));
    expect(schema.getType('Offer')).toBeDefined();
  });

  it('has a schema file and a subgraph module for every registry entry, on distinct ports', () => {
    const registry = readRegistry();
    for (const entry of registry) expect(existsSync(path.join(REPO_ROOT, entry.schemaFile))).toBe(true);
    expect(ALL_SUBGRAPHS.map((s) => s.name)).toEqual(registry.map((e) => e.name));
    expect(new Set(registry.map((e) => e.port)).size).toBe(registry.length);
  });

  it('fails loudly when a subgraph breaks composition', () => {
    const [first] = readRegistry();
    if (!first) throw new Error('empty registry');
    // The same subgraph twice defines every @key field twice without @shareable.
    expect(() => composeSupergraph([first, { ...first, name: 'copy' }])).toThrow(/Composition failed/);
  });
});

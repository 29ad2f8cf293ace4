import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { isObjectType, parse, print } from 'graphql';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { REPO_ROOT } from '../../schema/registry';
import { landBySubgraph } from '../../subgraphs/land-by';
import { landXxSubgraph } from '../../subgraphs/land-template';
import type { LandSubgraph } from '../../subgraphs/shared/land-kit';

/**
 * The two Land folders keep only what makes a Land a Land — its SDL, its data and its names —
 * and all the code is the land kit's (subgraphs/shared/land-kit). These tests fail when a folder
 * grows code of its own again, or when land-by and the template drift apart.
 */

const SUBGRAPHS = path.join(REPO_ROOT, 'subgraphs');
const TEMPLATE = 'land-template';
const BAYERN = 'land-by';
const LAND_FILES = ['README.md', 'index.ts', 'land.ts', 'main.ts', 'schema.graphql', 'seed/data.json'];

const LANDS: [string, LandSubgraph][] = [
  [TEMPLATE, landXxSubgraph],
  [BAYERN, landBySubgraph],
];

function filesBelow(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? filesBelow(full, `${prefix}${entry}/`) : [`${prefix}${entry}`];
  });
}

/** The template's text as the README's rename makes it Bayern's (xx → by, Xx → By). */
const asBayern = (text: string) => text.replace(/xx/g, 'by').replace(/Xx/g, 'By');
const read = (dir: string, file: string) => readFileSync(path.join(SUBGRAPHS, dir, file), 'utf8');

describe('the Land folders hold only SDL, data and names', () => {
  it.each([TEMPLATE, BAYERN])('%s holds only the allowed files', (dir) => {
    expect(filesBelow(path.join(SUBGRAPHS, dir)).sort()).toEqual([...LAND_FILES].sort());
  });

  it('land-by’s SDL is the template’s with its namespace (comments aside)', () => {
    expect(print(parse(read(BAYERN, 'schema.graphql')))).toEqual(
      print(parse(asBayern(read(TEMPLATE, 'schema.graphql')))),
    );
  });

  it.each(['index.ts', 'main.ts'])('land-by’s %s is the template’s with its namespace', (file) => {
    expect(read(BAYERN, file)).toEqual(asBayern(read(TEMPLATE, file)));
  });

  it('names follow from the namespace', () => {
    expect(landBySubgraph).toMatchObject({
      name: 'land-by',
      dbSchema: 'land_by',
      land: { ars: '09', typePrefix: 'By' },
    });
    expect(landXxSubgraph).toMatchObject({
      name: 'land-xx',
      dbSchema: 'land_xx',
      land: { ars: '00', typePrefix: 'Xx' },
    });
  });
});

describe.each(LANDS)('%s builds through the kit', (_folder, land) => {
  it('every resolver of the kit finds its type and field in the Land’s SDL', () => {
    const schema = buildSubgraphSchema({ typeDefs: land.typeDefs, resolvers: land.resolvers as never });
    const missing = Object.entries(land.resolvers).flatMap(([typeName, fields]) => {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) return [typeName];
      return Object.keys(fields as object)
        .filter((field) => !field.startsWith('__') && !type.getFields()[field])
        .map((field) => `${typeName}.${field}`);
    });
    expect(missing).toEqual([]);
  });

  it('its seed file passes the seed check', () => {
    expect(() => land.loadSeed()).not.toThrow();
  });
});

/** What a migration runs, without a database. */
async function statements(migration: new () => MigrationInterface) {
  const run: string[] = [];
  const q = { query: async (sql: string) => void run.push(sql) } as unknown as QueryRunner;
  const instance = new migration();
  await instance.up(q);
  await instance.down(q);
  return { name: instance.name, sha256: createHash('sha256').update(JSON.stringify(run)).digest('hex') };
}

describe('the migration the kit makes for a Land is the one it shipped', () => {
  // Databases have run these under these names (TypeORM's migrations table), so neither the name
  // nor the SQL may change. The digests are of the statements (up, then down) the Land's own
  // migration files ran before the kit: git show b4928ce:subgraphs/land-by/migrations/….
  it.each([
    {
      name: 'CreateLandBySchema1765000000000',
      land: landBySubgraph,
      sha256: '402f55afffd763312601ee403586e1b50d81fcec8ce18a549688aa3542b3c83b',
    },
    {
      name: 'CreateLandXxSchema1765000000000',
      land: landXxSubgraph,
      sha256: 'f108ec88f47e2f040534fba54253de533df6a2581ffe570473d2691fc53e65a0',
    },
  ])('$name', async ({ name, land, sha256 }) => {
    expect(land.migrations).toHaveLength(1);
    expect(await statements(land.migrations[0]!)).toEqual({ name, sha256 });
  });
});

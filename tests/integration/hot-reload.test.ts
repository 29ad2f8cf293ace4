import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunningGateway } from '../../gateway/gateway';
import { compose, sourcesOf } from '../../schema/compose';
import { readRegistry, SUPERGRAPH_PATH, writeFileAtomically } from '../../schema/registry';
import { graphql } from '../support/graphql';
import { startOwnGateway } from '../support/own-gateway';
import { startTestHub, type TestHub } from '../support/test-hub';

let hub: TestHub;
let gateway: RunningGateway;
let folder: string;
let supergraphFile: string;

interface Ready {
  schemaVersion: string;
  lastReloadError: { message: string; schemaVersion: string } | null;
}

beforeAll(async () => {
  hub = await startTestHub();
  folder = mkdtempSync(path.join(tmpdir(), 'hub-reload-'));
  supergraphFile = path.join(folder, 'supergraph.graphql');
  copyFileSync(SUPERGRAPH_PATH, supergraphFile);
  gateway = await startOwnGateway(hub, {
    logLevel: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    supergraphPath: supergraphFile,
  });
});

afterAll(async () => {
  await gateway?.stop();
  await hub?.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** The current supergraph with one more (optional) field on Ressort: a harmless new version. */
function supergraphWithRessortField(field: string): string {
  const sources = sourcesOf(readRegistry()).map((s) =>
    s.name === 'federal'
      ? { ...s, sdl: s.sdl.replace(/^(\s*)seat: String$/m, `$1seat: String\n$1${field}: String`) }
      : s,
  );
  const result = compose(sources);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.supergraphSdl;
}

async function ressortFields(): Promise<string[]> {
  const result = await graphql<{ __type: { fields: { name: string }[] } }>(
    gateway.graphqlUrl,
    '{ __type(name: "Ressort") { fields { name } } }',
  );
  return result.data?.__type.fields.map((f) => f.name) ?? [];
}

async function ready(): Promise<Ready> {
  return (await (await fetch(`${gateway.url}/ready`)).json()) as Ready;
}

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the gateway follows its supergraph artifact', () => {
  it('swaps in a new schema without a restart and without failing requests in flight', async () => {
    const before = await ready();
    let stop = false;
    const failures: unknown[] = [];
    let answered = 0;
    // Four clients query continuously while the artifact changes under the gateway.
    const clients = Array.from({ length: 4 }, async () => {
      while (!stop) {
        const result = await graphql(
          gateway.graphqlUrl,
          '{ targetGroup(code: FAMILIES) { label federalOffers { id } regionalOffers { id } } }',
        );
        if (result.errors || !result.data) failures.push(result.errors);
        answered += 1;
      }
    });
    let beforeSwap = 0;
    try {
      // Counted in requests, not milliseconds, so a slow machine runs the same test.
      await until(async () => answered >= 8);
      beforeSwap = answered;
      writeFileAtomically(supergraphFile, supergraphWithRessortField('website'));
      await until(async () => (await ressortFields()).includes('website'));
      const swapped = answered;
      await until(async () => answered >= swapped + 8, 30_000);
    } finally {
      stop = true;
      await Promise.all(clients);
    }

    expect(failures).toEqual([]);
    // Requests ran before, during and after the swap.
    expect(answered).toBeGreaterThan(beforeSwap + 8);
    const after = await ready();
    expect(after.schemaVersion).not.toBe(before.schemaVersion);
    expect(after.lastReloadError).toBeNull();
  });

  it('keeps serving the last good schema when a broken artifact is pushed, and says why', async () => {
    const good = await ready();
    writeFileAtomically(supergraphFile, 'schema { query: Query } type Query { broken: Nope }');
    await until(async () => (await ready()).lastReloadError !== null);
    const refused = await ready();
    expect(refused.schemaVersion).toBe(good.schemaVersion);
    expect(refused.lastReloadError?.message).toEqual(expect.any(String));
    expect(refused.lastReloadError?.schemaVersion).not.toBe(good.schemaVersion);
    const answer = await graphql<{ targetGroup: { label: string } }>(
      gateway.graphqlUrl,
      '{ targetGroup(code: FAMILIES) { label } }',
    );
    expect(answer.data?.targetGroup.label).toBe('Familien');

    // The next good artifact loads and clears the error.
    writeFileAtomically(supergraphFile, supergraphWithRessortField('homepage'));
    await until(async () => (await ressortFields()).includes('homepage'));
    expect((await ready()).lastReloadError).toBeNull();
  });
});

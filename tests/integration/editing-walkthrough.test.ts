import { spawnTs } from '../support/child-process';
import { TEST_AUTH } from '../support/auth';
import { graphql, graphqlOk } from '../support/graphql';
import { testHubForThisFile } from '../support/test-hub';

/** The README's "Editing" steps, with a token minted by the real `npm run token` script. */
const hub = testHubForThisFile({ auth: TEST_AUTH });

async function mint(...args: string[]): Promise<string> {
  const cli = spawnTs('scripts/token.ts', { JWT_SECRET: TEST_AUTH.secret ?? '' }, args);
  expect(await cli.exited).toBe(0);
  const token = cli.output().trim();
  expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  return token;
}

describe('editing as the README shows it', () => {
  it('mints a token, changes one of the editor’s measures, shows the history, and refuses another Ressort', async () => {
    const token = await mint('--role', 'editor', '--ressort', 'BMFSFJ', '--name', 'Referat 501');
    const url = hub.gateway.graphqlUrl;
    const before = await graphqlOk<{ federalMeasure: { version: number } }>(
      url,
      '{ federalMeasure(id: "measure:bund:jmd") { title version } }',
    );
    const update = `mutation($v: Int!) { updateFederalMeasure(id: "measure:bund:jmd", version: $v, input: {
      summary: "Beratung für junge Menschen mit Migrationshintergrund von 12 bis 26 Jahren.",
      fundingMethod: PROGRAMME, successControl: { status: RUNNING } }) {
        measure { version summary history { action actor actorName changes { field } } } } }`;
    const data = await graphqlOk<{
      updateFederalMeasure: {
        measure: { version: number; history: { action: string; actorName: string; changes: { field: string }[] }[] };
      };
    }>(url, update, { v: before.federalMeasure.version }, token);
    const measure = data.updateFederalMeasure.measure;
    expect(measure.version).toBe(before.federalMeasure.version + 1);
    expect(measure.history[0]).toMatchObject({ action: 'UPDATE', actorName: 'Referat 501' });
    expect(measure.history[0]?.changes.map((c) => c.field).sort()).toEqual([
      'fundingMethod',
      'successControl',
      'summary',
    ]);

    const other = await mint('--role', 'editor', '--ressort', 'BMI');
    const refused = await graphql(url, update, { v: measure.version }, other);
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('refuses unknown roles and malformed place keys when minting', async () => {
    const badRole = spawnTs('scripts/token.ts', { JWT_SECRET: TEST_AUTH.secret ?? '' }, ['--role', 'root']);
    expect(await badRole.exited).toBe(1);
    expect(badRole.output()).toMatch(/--role root: use editor, analyst, admin/);
    const badArs = spawnTs('scripts/token.ts', { JWT_SECRET: TEST_AUTH.secret ?? '' }, [
      '--role',
      'editor',
      '--ars',
      '9',
    ]);
    expect(await badArs.exited).toBe(1);
    expect(badArs.output()).toMatch(/--ars takes a 2-digit Land or 5-digit Kreis key/);
  });
});

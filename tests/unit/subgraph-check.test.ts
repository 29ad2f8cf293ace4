import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readRegistry, REPO_ROOT, SUPERGRAPH_PATH } from '../../schema/registry';
import { checkCandidate, formatReport, type Candidate } from '../../schema/checks/check-candidate';

const registry = readRegistry();
const supergraph = readFileSync(SUPERGRAPH_PATH, 'utf8');
const federalSdl = readFileSync(path.join(REPO_ROOT, 'subgraphs', 'federal', 'schema.graphql'), 'utf8');

const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@override"])';

function land(sdl: string, ars = '09'): Candidate {
  return { name: 'land-test', url: 'http://127.0.0.1:4999/graphql', kind: 'land', land: ars, sdl: `${LINK}\n${sdl}` };
}

function rules(candidate: Candidate): string[] {
  return checkCandidate(candidate, registry, supergraph).policyViolations.map((v) => `${v.rule} ${v.coordinate}`);
}

describe('checking a Land subgraph', () => {
  it('passes fields and types in the Land’s own namespace on the hub’s entities', () => {
    const report = checkCandidate(
      land(`
        type Place @key(fields: "ars") { ars: ID! byCoursePlaces: [ByCoursePlace!] }
        type ByCoursePlace { provider: String! places: Int! }
        type TargetGroup @key(fields: "code") { code: TargetGroupCode! byCounselling: Int }
        type Query { byStatistics: Int }`),
      registry,
      supergraph,
    );
    expect(formatReport(report)).toContain('PASSED');
    expect(report).toMatchObject({ ok: true, compositionErrors: [], policyViolations: [], breakingChanges: [] });
  });

  it('refuses redefining a field the hub owns, and fields outside the namespace', () => {
    expect(
      rules(land(`type Place @key(fields: "ars") { ars: ID! name: String! courses: [String!] byOk: Int }`)),
    ).toEqual(['REDEFINES_HUB_FIELD Place.name', 'NAMESPACE_REQUIRED Place.courses']);
  });

  it('refuses another Land’s namespace: it would present that Land’s data as its own', () => {
    expect(
      rules(
        land(
          `type Place @key(fields: "ars") { ars: ID! beCourses: Int } type BeKurs { x: Int } type Query { nwStats: Int }`,
        ),
      ),
    ).toEqual(['TOUCHES_OTHER_LAND Place.beCourses', 'TOUCHES_OTHER_LAND BeKurs', 'TOUCHES_OTHER_LAND Query.nwStats']);
  });

  it('refuses taking over a hub field with @override', () => {
    expect(rules(land(`type Place @key(fields: "ars") { ars: ID! name: String! @override(from: "laender") }`))).toEqual(
      ['TAKES_OVER_FIELD Place.name', 'REDEFINES_HUB_FIELD Place.name'],
    );
  });

  it('refuses changing the shared vocabulary and unknown Länder', () => {
    const vocabulary = readFileSync(path.join(REPO_ROOT, 'schema', 'vocabulary.graphql'), 'utf8');
    const changed = land(
      `${vocabulary.replace(/enum Level \{([^}]*)\}/, 'enum Level {$1  EU\n}')}\ntype Query { byX: Level }`,
    );
    expect(rules(changed)).toContain('REDEFINES_SHARED_VOCABULARY Level');
    expect(rules(land('type Query { byX: Int }', '17'))).toEqual(['UNKNOWN_LAND land-test']);
  });

  it('reports composition errors', () => {
    const report = checkCandidate(land(`type Place @key(fields: "ars") { ars: Int! byX: Int }`), registry, supergraph);
    expect(report.ok).toBe(false);
    expect(report.compositionErrors.join('\n')).toMatch(/Place\.ars/);
    expect(formatReport(report)).toContain('Composition errors');
  });
});

describe('checking a new version of a hub subgraph', () => {
  const federal = (sdl: string): Candidate => ({
    name: 'federal',
    url: 'http://localhost:4001/graphql',
    kind: 'hub',
    sdl,
  });

  it('passes the current schema unchanged', () => {
    expect(checkCandidate(federal(federalSdl), registry, supergraph)).toMatchObject({ ok: true, breakingChanges: [] });
  });

  it('fails on a removed field that clients may use', () => {
    const report = checkCandidate(federal(federalSdl.replace(/^\s*seat: String\n/m, '\n')), registry, supergraph);
    expect(report.ok).toBe(false);
    expect(report.breakingChanges).toEqual([{ type: 'FIELD_REMOVED', description: 'Ressort.seat was removed.' }]);
  });

  it('fails when a field clients rely on may become null', () => {
    const report = checkCandidate(
      federal(
        federalSdl.replace(/(type Ressort @key\(fields: "code"\) \{\s*code: ID!\s*)name: String!/, '$1name: String'),
      ),
      registry,
      supergraph,
    );
    expect(report.breakingChanges).toEqual([
      { type: 'FIELD_CHANGED_KIND', description: 'Ressort.name changed type from String! to String.' },
    ]);
  });

  it('lets new optional fields through and names dangerous changes without failing', () => {
    const report = checkCandidate(
      federal(federalSdl.replace(/^(\s*)seat: String$/m, '$1seat: String\n$1website: String')),
      registry,
      supergraph,
    );
    expect(report).toMatchObject({ ok: true, breakingChanges: [] });
  });
});

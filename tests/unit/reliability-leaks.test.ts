import { findLeaks, findLeaksInText } from '../../scripts/reliability/leaks';

const context = { internalPorts: [40111, 5433], internalPaths: ['/tmp/hub-reliability-abc'] };

describe('reliability leak detector', () => {
  it('finds stack traces, file paths, internal addresses and SQL', () => {
    const kinds = (text: string) => findLeaksInText(text, 'body', context).map((l) => l.kind);
    expect(kinds('TypeError: x\n    at resolve (/srv/hub/gateway/gateway.ts:12:7)')).toContain('stack trace');
    expect(kinds('    at async Promise.all (index 0)\n    at node:internal/process/task_queues:95:5')).toContain(
      'stack trace',
    );
    expect(kinds('could not read /work/main/schema/supergraph.graphql')).toEqual(['file path']);
    expect(kinds('Cannot find module node_modules/pg')).toEqual(['file path']);
    expect(kinds('error in gateway.ts:42')).toEqual(['file path']);
    expect(kinds('data in /tmp/hub-reliability-abc/postgres')).toEqual(['file path']);
    expect(kinds('connect ECONNREFUSED')).toEqual(['internal address']);
    expect(kinds('request to http://127.0.0.1:40111/graphql failed')).toEqual(['internal address']);
    expect(kinds('SELECT "m"."id" FROM "federal"."measure"')).toEqual(['SQL']);
    expect(kinds('relation "federal.measure" does not exist')).toEqual(['SQL']);
  });

  it('leaves ordinary answers alone', () => {
    const clean = [
      '{"data":{"targetGroup":{"code":"CHILDREN_AND_YOUTH","label":"Kinder und Jugendliche"}}}',
      '{"errors":[{"message":"Cannot query field \\"x\\" on type \\"Query\\".","locations":[{"line":1,"column":3}],"extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}',
      '{"errors":[{"message":"Query depth 9 exceeds the maximum of 8","extensions":{"code":"OPERATION_LIMIT_EXCEEDED","limit":"depth"}}]}',
      'Beratung at the Jobcenter Krefeld, 127.0.0.1:4000 is the gateway',
    ];
    for (const text of clean) expect(findLeaksInText(text, 'body', context)).toEqual([]);
  });

  it('reads header values as well as the body', () => {
    const leaks = findLeaks('{}', { 'x-debug': 'at handler (/srv/x.js:1:2)', 'x-request-id': 'abc' }, context);
    expect(leaks).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'stack trace', where: 'header x-debug' })]),
    );
    expect(leaks.every((l) => l.where === 'header x-debug')).toBe(true);
  });
});

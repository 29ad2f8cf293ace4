/** What must stay closed to the public: operator endpoints, files outside web/dist, the subgraphs behind the gateway. */
import { send, type Answer } from '../http';
import { is4xx, isStatus, unauthenticated, type HostileKind } from './kind';
import { get, q } from './requests';

function subgraphDirect(name: string, query: string, variables?: Record<string, unknown>): HostileKind {
  return {
    name: `direct call to subgraph ${name}: ${query.slice(0, 40)}`,
    expected: '401/403 without the gateway credential',
    run: (ctx) =>
      send(`http://127.0.0.1:${ctx.hub.subgraphPorts[name]}/graphql`, {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(q(query, variables)),
        deadlineMs: ctx.deadlineMs,
      }),
    ok: (a) => unauthenticated(a) || (is4xx(a) && !a.body.includes('"_service"')),
  };
}

const NOT_LEAKING_FILES = (a: Answer) =>
  a.status !== 200 ||
  !(a.body.includes('"integration-federation-hub"') || a.body.includes('root:x:0:0') || a.body.includes('PG_VERSION'));

export const CLOSED_SURFACE_KINDS: HostileKind[] = [
  { name: 'GET /stats without operator credential', expected: '401/403', run: get('/stats'), ok: isStatus(401, 403) },
  {
    name: 'GET /metrics without operator credential',
    expected: '401/403',
    run: get('/metrics'),
    ok: isStatus(401, 403),
  },
  {
    name: 'GET /stats with an editor token',
    expected: '401/403',
    run: async (ctx) =>
      get('/stats', { authorization: `Bearer ${await ctx.hub.token(['editor'], { ressort: 'BMAS' })}` })(ctx),
    ok: isStatus(401, 403),
  },
  {
    name: 'path traversal /assets/../../package.json',
    expected: 'no file outside web/dist',
    run: get('/assets/../../package.json'),
    ok: NOT_LEAKING_FILES,
  },
  {
    name: 'path traversal /assets/%2e%2e/%2e%2e/%2e%2e/package.json',
    expected: 'no file outside web/dist',
    run: get('/assets/%2e%2e/%2e%2e/%2e%2e/package.json'),
    ok: NOT_LEAKING_FILES,
  },
  {
    name: 'path traversal /assets/..%2f..%2f..%2fetc%2fpasswd',
    expected: 'no file outside web/dist',
    run: get('/assets/..%2f..%2f..%2fetc%2fpasswd'),
    ok: NOT_LEAKING_FILES,
  },
  {
    name: 'path traversal /explorer/../../../etc/passwd',
    expected: 'no file outside web/dist',
    run: get('/explorer/..%2f..%2f..%2fetc/passwd'),
    ok: NOT_LEAKING_FILES,
  },
  { name: 'NUL in a static path /assets/x%00.js', expected: '4xx', run: get('/assets/x%00.js'), ok: is4xx },
  subgraphDirect('federal', '{ _service { sdl } }'),
  subgraphDirect('laender', '{ _service { sdl } }'),
  subgraphDirect('research', '{ _service { sdl } }'),
  subgraphDirect('exchange', '{ _service { sdl } }'),
  subgraphDirect('analytics', '{ _service { sdl } }'),
  subgraphDirect(
    'federal',
    'query E($r: [_Any!]!) { _entities(representations: $r) { ... on TargetGroup { code } } }',
    {
      r: [{ __typename: 'TargetGroup', code: 'CHILDREN_AND_YOUTH' }],
    },
  ),
  subgraphDirect('laender', 'query E($r: [_Any!]!) { _entities(representations: $r) { ... on Place { name } } }', {
    r: [{ __typename: 'Place', ars: '05114' }],
  }),
];

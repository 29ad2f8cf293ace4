import { graphqlOk } from '../support/graphql';
import { HEADLINE_QUERY } from '../../web/operations';
import { WITHOUT_RESPONSE_CACHE, testHubForThisFile } from '../support/test-hub';

const hub = testHubForThisFile({ gateway: WITHOUT_RESPONSE_CACHE });

describe('the gateway’s connections to subgraphs', () => {
  it('are kept alive and reused instead of opened per request', async () => {
    const opened = new Map<string, number>();
    for (const [name, { server }] of hub.subgraphs) {
      opened.set(name, 0);
      server.app.server.on('connection', () => opened.set(name, (opened.get(name) ?? 0) + 1));
    }
    const requests = 30;
    for (let i = 0; i < requests; i += 1) {
      await graphqlOk(hub.gateway.graphqlUrl, HEADLINE_QUERY, { code: 'FAMILIES', ars: '08436' });
    }
    // Each of the 30 requests reaches every subgraph, some of them twice in parallel, so a
    // gateway without keep-alive would open 30 or more connections to each.
    expect(Math.max(...opened.values())).toBeLessThanOrEqual(2);
  });
});

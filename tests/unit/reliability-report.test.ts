import { listFindings, renderReliability, type ReliabilityResults } from '../../scripts/reliability/report';

const latency = { count: 10, p50: 4.2, p99: 9.9, max: 12 };

function results(overrides: Partial<ReliabilityResults> = {}): ReliabilityResults {
  return {
    date: '2026-12-03T16:00:00Z',
    command: 'npm run reliability',
    quick: false,
    totalSeconds: 420,
    machine: {
      cpu: 'Test CPU',
      cores: 2,
      ramGiB: 8,
      node: '20.19.0',
      os: 'Linux 6',
      loadBefore: [0.5, 0.4, 0.3],
      loadAfter: [1.5, 1, 0.5],
    },
    hub: {
      startSeconds: 12.5,
      processes: [
        { service: 'gateway', port: 4000, pid: 10 },
        { service: 'federal', port: 4001, pid: 11 },
      ],
      env: { RESPONSE_CACHE: 'off' },
      stopSeconds: 1.2,
    },
    hostile: [
      {
        name: 'unknown operationName',
        expected: '4xx',
        status: 400,
        ms: 3,
        hang: false,
        codes: ['BAD_REQUEST'],
        serverError: false,
        leaks: [],
        asExpected: true,
        note: '',
      },
    ],
    fuzz: {
      seed: 1,
      operations: 10_000,
      sent: 10_000,
      maxSeconds: 300,
      valid: 8500,
      concurrency: 4,
      seconds: 60,
      latency,
      byStatus: { '200': 9000, '400': 1000 },
      byCode: { none: 8000, GRAPHQL_VALIDATION_FAILED: 1000 },
      validWithData: 7000,
      serverErrors: 0,
      hangs: 0,
      leaks: 0,
      findings: [],
    },
    kills: [
      {
        subgraph: 'federal',
        pidBefore: 11,
        pidAfter: 12,
        counts: { total: 100, full: 60, partial: 40, rateLimited: 0, error: 0, leaks: 0 },
        relistenMs: 900,
        fullAgainMs: 1200,
        gatewayAnswered: true,
      },
    ],
    stop: {
      subgraph: 'federal',
      stoppedMs: 12_000,
      whileStopped: { total: 50, full: 0, partial: 50, rateLimited: 0, error: 0, leaks: 0, p50Ms: 3, maxMs: 5000 },
      failFastMs: 5100,
      fullAgainMs: 800,
    },
    postgres: {
      attempted: 200,
      acknowledged: 180,
      failed: 20,
      failureCodes: { '200 SUBGRAPH_UNAVAILABLE': 20 },
      failureSample: '{"errors":[{"message":"unavailable"}]}',
      leaks: 0,
      lost: 0,
      lostIds: [],
      unverified: 0,
      restartMs: 1500,
      restartOutput: '',
      writesAgainMs: 2000,
      postmasterBefore: 100,
      postmasterAfter: 200,
    },
    budget: {
      refusals: [
        {
          name: '3 000 aliases',
          sent: 20,
          refused: 20,
          statuses: '400×20',
          codes: 'OPERATION_LIMIT_EXCEEDED',
          latency,
        },
      ],
      baseline: { counts: { total: 100, full: 100, partial: 0, rateLimited: 0, error: 0, leaks: 0 }, latency },
      underAbuse: { counts: { total: 90, full: 90, partial: 0, rateLimited: 0, error: 0, leaks: 0 }, latency },
      abuseSent: 300,
      seconds: 10,
    },
    memory: {
      gatewayPid: 10,
      seconds: 60,
      connections: 4,
      rssBeforeMb: 150,
      rssAfterMb: 180,
      rssSettledMb: 170,
      statsBefore: { rssMb: 150, heapUsedMb: 60 },
      statsAfter: { rssMb: 180, heapUsedMb: 70 },
      statsStatus: 200,
      counts: { total: 6000, full: 6000, partial: 0, rateLimited: 0, error: 0, leaks: 0 },
      requestsPerSecond: 100,
    },
    phaseErrors: [],
    ...overrides,
  };
}

describe('RELIABILITY.md rendering', () => {
  it('shows the machine, the command, every phase as a table, and no findings for a clean run', () => {
    const markdown = renderReliability(results());
    expect(listFindings(results())).toEqual([]);
    expect(markdown).toContain('`npm run reliability` on 2026-12-03T16:00:00Z');
    expect(markdown).toContain('2 cores');
    expect(markdown).toContain('Load average 0.50 / 0.40 / 0.30');
    expect(markdown).toContain('None: no 5xx, no leak');
    for (const heading of [
      '## Hostile requests',
      '## Schema-driven fuzz',
      '## kill -9',
      '## SIGSTOP',
      '## PostgreSQL restart',
      '## Limits',
      '## Gateway memory',
    ]) {
      expect(markdown).toContain(heading);
    }
    expect(markdown).toContain('| federal | 11 → 12 | 100 | 60 | 40 | 0 | 0 | 900 ms | 1,200 ms |');
  });

  it('lists a 5xx, a leak, a lost write and a skipped kill plainly', () => {
    const bad = results({
      hostile: [
        {
          name: 'subscription',
          expected: '4xx',
          status: 500,
          ms: 4,
          hang: false,
          codes: ['INTERNAL_SERVER_ERROR'],
          serverError: true,
          leaks: [{ kind: 'stack trace', where: 'body', excerpt: 'at x (/work/main/gateway.ts:1:2)' }],
          asExpected: false,
          note: '',
        },
      ],
      kills: [{ subgraph: 'laender', skipped: "it runs in the gateway's process (pid 10)" }],
      postgres: { ...results().postgres!, lost: 2, lostIds: ['measure:a', 'measure:b'] },
    });
    const findings = listFindings(bad);
    expect(findings).toEqual(
      expect.arrayContaining([
        'Hostile request "subscription": server error (HTTP 500 INTERNAL_SERVER_ERROR).',
        'Hostile request "subscription": stack trace in body: `at x (/work/main/gateway.ts:1:2)`.',
        "kill -9 of laender not done: it runs in the gateway's process (pid 10).",
        'PostgreSQL restart: 2 acknowledged writes are missing afterwards (measure:a, measure:b).',
      ]),
    );
    const markdown = renderReliability(bad);
    expect(markdown).toContain('- PostgreSQL restart: 2 acknowledged writes');
    expect(markdown).toContain(
      '| 1 | subscription | 4xx | 500 | INTERNAL_SERVER_ERROR | 4 | **yes** | **stack trace** |',
    );
  });
});

import { firstDifference } from '../../scripts/bench/load';
import { describeSteps, planToSteps, countFetches } from '../../scripts/bench/floor';
import { parseBenchArgs } from '../../scripts/bench/options';
import { judgeTargets, renderMarkdown, type BenchResults, type Row, type TargetName } from '../../scripts/bench/report';
import { percentile, poolRounds, summarize, type RunResult } from '../../scripts/bench/stats';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarises unsorted latencies, fractions kept', () => {
    expect(summarize([3.5, 1.25, 2, 10])).toEqual({ count: 4, p50: 2, p99: 10, max: 10 });
  });
});

describe('pooled rounds', () => {
  it('pool the answers of alternating rounds into one row: latencies together, totals per answer', () => {
    const round = (latencies: number[], sql: number, cpu: number | null, peak: number | null) => ({
      latencies,
      result: {
        requests: latencies.length,
        durationSeconds: 1,
        requestsPerSecond: latencies.length,
        latency: summarize(latencies),
        errors: 0,
        sqlPerRequest: sql,
        peakMemoryMb: peak,
        cpuMsPerRequest: cpu,
      },
    });
    const pooled = poolRounds([round([10, 30], 10, 4, 200), round([20, 20, 20, 40], 7, 1, 250)]);
    expect(pooled).toMatchObject({ requests: 6, durationSeconds: 2, requestsPerSecond: 3, errors: 0 });
    expect(pooled.latency).toEqual({ count: 6, p50: 20, p99: 40, max: 40 });
    expect(pooled.sqlPerRequest).toBe(8);
    expect(pooled.cpuMsPerRequest).toBe(2);
    expect(pooled.peakMemoryMb).toBe(250);
    expect(poolRounds([round([5], 10, null, null)])).toMatchObject({ cpuMsPerRequest: null, peakMemoryMb: null });
  });
});

describe('bench options', () => {
  it('runs three sizes by default and one small one with --quick', () => {
    expect(parseBenchArgs([])).toMatchObject({ quick: false, sizes: [5000, 50_000, 500_000], headlineSize: 50_000 });
    expect(parseBenchArgs(['--quick'])).toMatchObject({ quick: true, sizes: [5000], headlineSize: 5000 });
  });

  it('judges the targets at the size nearest 50 000 when that size is not run', () => {
    expect(parseBenchArgs(['--sizes', '5000,400000', '--seconds', '2'])).toMatchObject({
      sizes: [5000, 400_000],
      headlineSize: 5000,
      seconds: 2,
    });
  });

  it('refuses unknown flags and bad numbers', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow(/unknown option --fast/);
    expect(() => parseBenchArgs(['--seconds', 'x'])).toThrow(/--seconds needs a positive number/);
  });
});

describe('the floor plan', () => {
  const recorded = () => [
    { service: 'federal', url: 'http://f/graphql', body: '{"query":"A"}', query: 'A' },
    { service: 'laender', url: 'http://l/graphql', body: '{"query":"B"}', query: 'B' },
    { service: 'research', url: 'http://r/graphql', body: '{"query":"C"}', query: 'C' },
  ];

  it('keeps the plan’s sequence and parallel nodes and replaces each fetch by its recorded call', () => {
    const calls = recorded();
    const steps = planToSteps(
      {
        kind: 'Sequence',
        nodes: [
          { kind: 'Fetch', serviceName: 'federal', operation: 'A' },
          {
            kind: 'Parallel',
            nodes: [
              { kind: 'Flatten', node: { kind: 'Fetch', serviceName: 'laender', operation: 'B' } },
              { kind: 'Flatten', node: { kind: 'Fetch', serviceName: 'research', operation: 'C' } },
              // A fetch the gateway skipped (no representations) was not recorded and drops out.
              { kind: 'Flatten', node: { kind: 'Fetch', serviceName: 'exchange', operation: 'D' } },
            ],
          },
        ],
      },
      calls,
    );
    expect(calls).toEqual([]);
    expect(countFetches(steps)).toBe(3);
    expect(describeSteps(steps)).toBe('federal → (laender ‖ research)');
    expect(steps).toMatchObject({
      kind: 'sequence',
      steps: [{ kind: 'fetch', body: '{"query":"A"}' }, { kind: 'parallel' }],
    });
  });

  it('refuses plan nodes it cannot replay', () => {
    expect(() => planToSteps({ kind: 'Defer' }, recorded())).toThrow(/Defer/);
  });
});

function run(rps: number, p50: number, p99: number, extra: Partial<RunResult> = {}): RunResult {
  return {
    requests: rps * 8,
    durationSeconds: 8,
    requestsPerSecond: rps,
    latency: { count: rps * 8, p50, p99, max: p99 },
    errors: 0,
    sqlPerRequest: 10,
    peakMemoryMb: 200,
    cpuMsPerRequest: 1.5,
    ...extra,
  };
}

function results(rows: Partial<Record<TargetName, RunResult>>, sql: number[] = [10, 10]): BenchResults {
  const asRows: Row[] = Object.entries(rows).map(([target, result]) => ({
    target: target as TargetName,
    query: 'headline',
    result: result,
  }));
  return {
    date: '2026-01-01T00:00:00Z',
    quick: false,
    machine: { cpu: 'Test CPU', cores: 2, ramGiB: 24, node: 'v20.20.2', postgres: '15.0', os: 'Linux' },
    settings: { connections: 10, wideConnections: 2, seconds: 8, warmupSeconds: 2 },
    hiveVersion: '2.15.1',
    hiveInstallSeconds: 0,
    startup: { freshWallSeconds: 12.5, freshHubSeconds: 6, againWallSeconds: 4, againHubSeconds: 2, webBuilt: true },
    headlineSize: 50_000,
    sizes: sql.map((n, i) => ({
      regional: i === 0 ? 50_000 : 500_000,
      federal: i === 0 ? 500 : 5000,
      label: i === 0 ? '50 000 regional + 500 federal' : '500 000 regional + 5 000 federal',
      seedSeconds: 10,
      analyticsSyncSeconds: 5,
      isolatedSql: { headline: n, wide: 6 },
      answerKb: { headline: 11, wide: 650 },
      floorPlans: { headline: 'federal → laender', wide: 'analytics' },
      loadAverage: [0.5, 1.5],
      rows: i === 0 ? asRows : [],
    })),
    totalSeconds: 600,
    command: 'npm run bench',
  };
}

describe('bench targets', () => {
  it('meets the Hive ratio only at 1.5× and an equal or lower p99', () => {
    const met = judgeTargets(results({ ours: run(300, 20, 50), hive: run(200, 30, 50), floor: run(400, 15, 40) }));
    expect(met.find((v) => v.target.includes('Hive'))).toMatchObject({ met: true });

    const slower = judgeTargets(results({ ours: run(290, 20, 60), hive: run(200, 30, 50), floor: run(280, 15, 40) }));
    const verdict = slower.find((v) => v.target.includes('Hive'));
    expect(verdict?.met).toBe(false);
    expect(verdict?.why).toMatch(/1\.45× Hive Gateway's requests\/s/);
    expect(verdict?.why).toMatch(/the subgraphs alone \(the floor\) answer 1\.40×.*out of reach/);
    expect(verdict?.why).toMatch(/p99 60\.0 ms is above Hive Gateway's 50\.0 ms/);
  });

  it('judges the overhead, the cache, memory, SQL growth and start time from the numbers', () => {
    const verdicts = judgeTargets(
      results(
        { ours: run(300, 20, 50), floor: run(500, 18, 40), 'ours-cached': run(2900, 2, 5, { peakMemoryMb: 320 }) },
        [10, 12],
      ),
    );
    const byName = (part: string) => verdicts.find((v) => v.target.includes(part));
    expect(byName('overhead')).toMatchObject({ met: true, measured: expect.stringContaining('+2.00 ms') });
    expect(byName('cache')).toMatchObject({ met: false, measured: expect.stringContaining('9.7×') });
    expect(byName('memory')).toMatchObject({ met: false, measured: expect.stringContaining('320 MB') });
    expect(byName('SQL')).toMatchObject({
      met: false,
      measured: '10 at 50 000 regional + 500 federal, 12 at 500 000 regional + 5 000 federal',
    });
    expect(byName('npm start')).toMatchObject({ met: false, why: expect.stringContaining('6.5 s pass before') });
  });

  it('judges the overhead with one connection when those rows exist, and shows the loaded one beside it', () => {
    const verdicts = judgeTargets(
      results({
        ours: run(300, 30, 50),
        floor: run(500, 18, 40),
        'ours-single': run(50, 19.5, 30),
        'floor-single': run(60, 17, 25),
      }),
    );
    const overhead = verdicts.find((v) => v.target.includes('overhead'));
    expect(overhead).toMatchObject({ met: true });
    expect(overhead?.measured).toMatch(
      /^p50 19\.50 vs 17\.00 ms = \+2\.50 ms with 1 connection \(judged\); 30\.00 vs 18\.00 ms = \+12\.00 ms/,
    );

    const slow = judgeTargets(
      results({
        ours: run(300, 20, 50),
        floor: run(500, 18, 40),
        'ours-single': run(40, 22, 30),
        'floor-single': run(60, 17, 25),
      }),
    ).find((v) => v.target.includes('overhead'));
    expect(slow).toMatchObject({ met: false, why: expect.stringContaining('spends 1.50 ms of CPU per query') });
  });

  it('writes the machine, every row and the verdicts into BENCHMARKS.md', () => {
    const r = results({
      ours: run(300, 20, 50),
      hive: run(100, 40, 90),
      floor: run(400, 15, 40, { peakMemoryMb: null, cpuMsPerRequest: null }),
    });
    const markdown = renderMarkdown(r, judgeTargets(r), 'How it is measured.');
    expect(markdown).toContain('Test CPU, 2 cores, 24 GiB RAM, Node v20.20.2, PostgreSQL 15.0');
    expect(markdown).toContain('| headline | Hive Gateway | 100 | 40.00 | 90.00 | 0 | 10.0 | 200 | 1.50 |');
    expect(markdown).toContain(
      '| headline | floor: subgraphs alone, no gateway | 400 | 15.00 | 40.00 | 0 | 10.0 | – | – |',
    );
    expect(markdown).toMatch(/\| ≥ 1\.5× Hive Gateway requests\/s .* \| met \|/);
    expect(markdown).toContain('## Growth');
    expect(markdown).toContain('Headline query: one answer is 11 kB; alone it costs 10 SQL statements');
    expect(markdown).toContain('How it is measured.');
  });
});

describe('checking answers against the reference', () => {
  it('names the first place where the data differ', () => {
    const expected = { a: [{ b: 1 }, { b: 2 }], c: 'x' };
    expect(firstDifference(expected, { a: [{ b: 1 }, { b: 2 }], c: 'x' })).toBeUndefined();
    expect(firstDifference(expected, { a: [{ b: 1 }, { b: 3 }], c: 'x' })).toBe('data.a[1].b: 2 ≠ 3');
    expect(firstDifference(expected, { a: [{ b: 1 }], c: 'x' })).toBe('data.a: 2 items ≠ 1');
    expect(firstDifference(expected, { c: 'x', a: [] })).toBe('data: fields a,c ≠ c,a');
    expect(firstDifference(expected, null)).toMatch(/^data: /);
  });

  it('forgives a letter autocannon split between two chunks (U+FFFD), not a changed one', () => {
    expect(firstDifference({ n: 'Kyffhäuserkreis' }, { n: 'Kyffh\uFFFD\uFFFDuserkreis' })).toBeUndefined();
    expect(firstDifference({ n: 'Kyffhäuserkreis' }, { n: 'Kyffh\uFFFD\uFFFDuserkreiz' })).toMatch(/data\.n/);
    expect(firstDifference({ n: 'Kyffhäuserkreis' }, { n: 'Kyffhauserkreis' })).toMatch(/data\.n/);
  });
});

import { failFastMs, recoveryMs, type Sample } from '../../scripts/reliability/load-loop';
import { listeningInodes } from '../../subgraphs/shared/platform/process-info';

const sample = (sentAt: number, answeredAt: number, outcome: Sample['outcome']): Sample => ({
  sentAt,
  answeredAt,
  outcome,
  status: 200,
  codes: [],
});

describe('reliability timelines', () => {
  const samples = [
    sample(0, 5, 'full'),
    sample(10, 15, 'full'),
    sample(20, 5020, 'partial'),
    sample(5020, 5030, 'partial'),
    sample(5030, 5040, 'full'),
    sample(5040, 5050, 'full'),
  ];

  it('measures the time until answers are full again after an event', () => {
    expect(recoveryMs(samples, 18)).toBe(5040 - 18);
    expect(recoveryMs(samples.slice(0, 2), 5)).toBe(0);
    expect(recoveryMs(samples.slice(0, 4), 18)).toBeNull();
  });

  it('measures the time until a partial answer comes fast', () => {
    expect(failFastMs(samples, 18, 100)).toBe(5030 - 18);
    expect(failFastMs(samples.slice(0, 3), 18, 100)).toBeNull();
  });

  it('finds the inode of a listening socket in /proc/net/tcp', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:0FA0 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 123456 1 0000000000000000 100 0 0 10 0',
      '   1: 0100007F:0FA0 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 777777 1 0000000000000000 20 4 30 10 -1',
      '   2: 0100007F:0FA1 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 654321 1 0000000000000000 100 0 0 10 0',
    ].join('\n');
    expect(listeningInodes(table, 4000)).toEqual(['123456']);
    expect(listeningInodes(table, 4001)).toEqual(['654321']);
    expect(listeningInodes(table, 4002)).toEqual([]);
  });
});

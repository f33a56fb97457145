import { describe, expect, it } from 'vitest';
import { measureAlternately, type ProcessRun } from '../../bench/writers.js';

describe('measureAlternately', () => {
  it('runs the sides turn about, round by round, and keeps each side’s best time and highest RSS', async () => {
    const order: string[] = [];
    const side =
      (name: string, times: number[], rss: Array<number | null>) => async (): Promise<ProcessRun> => {
        order.push(name);
        const i = order.filter((n) => n === name).length - 1;
        return { ms: times[i] ?? 0, maxRssKb: rss[i] ?? null };
      };
    const [ours, floor] = await measureAlternately(3, [
      side('ours', [30, 20, 25], [100, 300, 200]),
      side('floor', [12, 15, 10], [null, 50, null]),
    ]);
    expect(order).toEqual(['ours', 'floor', 'ours', 'floor', 'ours', 'floor']);
    expect(ours).toEqual({ ms: 20, runs: [30, 20, 25], maxRssKb: 300 });
    expect(floor).toEqual({ ms: 10, runs: [12, 15, 10], maxRssKb: 50 });
  });
});

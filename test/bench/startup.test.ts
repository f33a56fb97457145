import { describe, expect, it } from 'vitest';
import {
  STARTUP_COMMANDS,
  STARTUP_ROUNDS,
  TARGET_STARTUP_RATIO,
  formatStartupRow,
  planStartupRound,
} from '../../bench/startup.js';

describe('start-up benchmark', () => {
  it('times --help, --version and the completion script, at least 10 rounds', () => {
    expect(STARTUP_COMMANDS.map((c) => c.args.join(' '))).toEqual(['--help', '--version', 'completion bash']);
    expect(STARTUP_ROUNDS).toBeGreaterThanOrEqual(10);
  });

  it('runs node -e 0 before every command of a round', () => {
    const [help, version] = STARTUP_COMMANDS;
    expect(planStartupRound([help!, version!])).toEqual([null, help, null, version]);
  });

  it('meets the target at twice node -e 0 and misses it above, whatever the absolute times', () => {
    const help = STARTUP_COMMANDS[0]!;
    const fast = formatStartupRow(help, [150, 160, 400], [80, 75, 300, 85]);
    expect(fast.ratio).toBe('1.94');
    expect(fast.met).toBe(true);
    expect(fast.time).toBe('160 ms');
    expect(fast.reference).toBe('node -e 0: 83 ms (median of 4)');
    expect(fast.target).toBe(`ratio ≤ ${TARGET_STARTUP_RATIO.toFixed(1)}`);
    // The same proportions on a machine three times slower: the same verdict.
    expect(formatStartupRow(help, [450, 480, 1200], [240, 225, 900, 255]).met).toBe(true);
    expect(formatStartupRow(help, [170, 180], [80, 80]).met).toBe(false);
  });
});

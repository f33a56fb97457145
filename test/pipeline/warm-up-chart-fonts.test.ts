import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Transport } from '../../src/client/transport.js';
import { planWarmUpSteps, warmUpWritersWhileFetching } from '../../src/pipeline/warm-up-writers.js';
import { loadChartFonts, releaseChartFonts } from '../../src/writers/chart-png.js';
import { IN_MEMORY_MAX_TASKS } from '../../src/writers/workbook-mode.js';

// The font subsetter is about 65 MB of WebAssembly memory: counted, not loaded, here.
vi.mock('../../src/writers/chart-png.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/writers/chart-png.js')>()),
  loadChartFonts: vi.fn(() => Promise.resolve()),
  releaseChartFonts: vi.fn(),
}));

const TRANSPORT: Transport = {
  get: () => Promise.resolve({ status: 200, headers: {}, body: '{}' }),
  close: () => Promise.resolve(),
};

async function runChartSteps(chartsExpected: () => boolean): Promise<void> {
  for (const step of planWarmUpSteps(['xlsx'], chartsExpected)) {
    if (step.name === 'chart font subsetter') await step.run();
  }
}

beforeEach(() => vi.clearAllMocks());

describe('the warm-up and the chart fonts', () => {
  it('loads the font subsetter for a workbook that will be drawn in memory, with charts', async () => {
    await runChartSteps(() => true);
    expect(loadChartFonts).toHaveBeenCalledTimes(1);
  });

  it('leaves it out for a workbook that will be streamed, which has no charts', async () => {
    await runChartSteps(() => false);
    expect(loadChartFonts).not.toHaveBeenCalled();
  });

  it('lets it go once a listing shows more tasks than an in-memory workbook holds', async () => {
    const small = warmUpWritersWhileFetching(TRANSPORT, { formats: ['xlsx'], rps: 1 }, [
      { name: 'noop', run: () => Promise.resolve() },
    ]);
    small.listingGoesOn({ listed: 200, total: IN_MEMORY_MAX_TASKS });
    await new Promise((resolve) => setImmediate(resolve));
    expect(releaseChartFonts).not.toHaveBeenCalled();

    const large = warmUpWritersWhileFetching(TRANSPORT, { formats: ['xlsx'], rps: 1 }, [
      { name: 'noop', run: () => Promise.resolve() },
    ]);
    large.listingGoesOn({ listed: 200, total: IN_MEMORY_MAX_TASKS + 1 });
    large.listingGoesOn({ listed: 300, total: IN_MEMORY_MAX_TASKS + 1 });
    await vi.waitFor(() => expect(releaseChartFonts).toHaveBeenCalledTimes(1));
  });

  it('keeps it for a list of IDs, whose report is those IDs however large the account listed', async () => {
    const ids = warmUpWritersWhileFetching(TRANSPORT, { formats: ['xlsx'], rps: 1, expectedTasks: 500 }, [
      { name: 'noop', run: () => Promise.resolve() },
    ]);
    ids.listingGoesOn({ listed: 200, total: IN_MEMORY_MAX_TASKS * 5 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(releaseChartFonts).not.toHaveBeenCalled();
  });
});

import { describe, expect, it } from 'vitest';
import { CHART_MAX_BARS, selectChartBars } from '../../src/report/select-chart-bars.js';
import { makeRow } from './fixtures/make-row.js';

describe('selectChartBars', () => {
  it('lists tasks with an AUROC, best first, ties in input order, named by task name or ID', () => {
    const rows = [
      makeRow({ task_id: 'a', task_name: 'Alpha', auroc: 0.7 }),
      makeRow({ task_id: 'b', task_name: null, auroc: 0.9 }),
      makeRow({ task_id: 'c', task_name: '씨', auroc: null }),
      makeRow({ task_id: 'd', task_name: '  ', auroc: 0.7 }),
    ];
    expect(selectChartBars(rows)).toEqual({
      bars: [
        { label: 'b', taskId: 'b', auroc: 0.9 },
        { label: 'Alpha', taskId: 'a', auroc: 0.7 },
        { label: 'd', taskId: 'd', auroc: 0.7 },
      ],
      total: 3,
    });
  });

  it(`shows at most ${CHART_MAX_BARS} bars but counts them all`, () => {
    const rows = Array.from({ length: 45 }, (_, index) =>
      makeRow({ task_id: `t${index}`, auroc: index / 100 }),
    );
    const { bars, total } = selectChartBars(rows);
    expect(bars).toHaveLength(CHART_MAX_BARS);
    expect(bars[0]?.taskId).toBe('t44');
    expect(total).toBe(45);
  });
});

import { describe, expect, it } from 'vitest';
import { COMPARE_COLUMNS, LINEAGE_COLUMNS, MODEL_COLUMNS } from '../../src/core/report-field.js';
import { REPORT_COLUMNS } from '../../src/core/row.js';
import { parseTemplate } from '../../src/templates/parse-template.js';
import { loadTemplate } from '../../src/templates/load-template.js';
import { selectCsvLayout } from '../../src/writers/csv-layout.js';
import { buildDocument } from './document.js';
import { GOLDEN_PREVIOUS, GOLDEN_ROWS } from './fixtures/golden-report.js';

const ALL_COLUMNS = [...REPORT_COLUMNS, ...COMPARE_COLUMNS, ...MODEL_COLUMNS, ...LINEAGE_COLUMNS];

describe('selectCsvLayout', () => {
  it('keeps the machine contract whatever the template (ko sorts its sheet, not the CSV)', async () => {
    for (const template of ['default', 'ko']) {
      const layout = selectCsvLayout(await buildDocument(GOLDEN_ROWS, { template }));
      expect(layout.columns).toEqual(ALL_COLUMNS);
      expect(layout.header).toBeUndefined();
      expect(layout.rows.map((row) => row.task_id)).toEqual(GOLDEN_ROWS.map((row) => row.task_id));
    }
  });

  it('has the same columns with and without --compare: the comparison ones are then empty', async () => {
    const layout = selectCsvLayout(await buildDocument(GOLDEN_ROWS, { previous: GOLDEN_PREVIOUS }));
    expect(layout.columns).toEqual(ALL_COLUMNS);
    // The contract's order: 21 columns, the comparison, the model, then previous_task_id (appended).
    expect(ALL_COLUMNS.slice(21, 27)).toEqual([
      'auroc_previous',
      'auroc_delta',
      'status_previous',
      'model',
      'period',
      'previous_task_id',
    ]);
  });

  it('follows a template that asks for it: visible columns, its order and sort, labels as header', async () => {
    const document = await buildDocument(GOLDEN_ROWS);
    document.template = parseTemplate(
      {
        columns: [
          { field: 'auroc', label: 'Score' },
          { field: 'task_id' },
          { field: 'status', visible: false },
        ],
        sort: [{ field: 'auroc', direction: 'desc' }],
        csv: { followTemplate: true, header: 'label' },
      },
      'mine',
      await loadTemplate(undefined),
    );
    const layout = selectCsvLayout(document);
    expect(layout.columns).toEqual(['auroc', 'task_id']);
    expect(layout.header).toEqual(['Score', 'Task ID']);
    expect(layout.rows[0]?.auroc).toBe(0.91);
  });
});

import { basename, extname } from 'node:path';
import type { ChangeKind, Comparison } from '../core/comparison.js';
import { toEpochMs } from '../report/parse-wall-clock.js';
import { fillLabel } from '../templates/fill-label.js';
import type { LabelKey, Template } from '../templates/template.js';

/** The label of each kind of change, in the order the counts are listed. */
export const CHANGE_KIND_LABELS: ReadonlyArray<[ChangeKind, LabelKey]> = [
  ['auroc', 'changeAuroc'],
  ['status', 'changeStatus'],
  ['new', 'changeNew'],
  ['gone', 'changeGone'],
];

export function labelChangeKind(template: Template, kind: ChangeKind): string {
  const key = CHANGE_KIND_LABELS.find(([candidate]) => candidate === kind)?.[1] ?? 'change';
  return template.labels[key];
}

/**
 * `14 compared · 2 AUROC moved · 1 new · 1 not retrained`: how many tasks were compared (by ID or
 * through their model), then each kind of change, kinds with no change left out; the template's "no
 * changes" after the count when there are none.
 */
export function describeChangeCounts(comparison: Comparison, template: Template): string {
  const parts: string[] = [
    `${comparison.compared.toLocaleString('en-US')} ${template.labels.changeCompared}`,
  ];
  for (const [kind, label] of CHANGE_KIND_LABELS) {
    const count = comparison.changes.filter((change) => change.kind === kind).length;
    if (count > 0) {
      parts.push(`${count.toLocaleString('en-US')} ${template.labels[label]}`);
    }
  }
  return parts.length === 1 ? `${parts[0]} · ${template.labels.noChanges}` : parts.join(' · ');
}

/**
 * How to name the previous report in a title: its run's start (`2026-01-02 03:04 UTC`) when the file
 * says so, else its file name.
 */
export function describePreviousDate(comparison: Comparison): string {
  const { generatedAt, source } = comparison.previous;
  const epochMs = generatedAt === null ? null : toEpochMs(generatedAt);
  if (epochMs === null) {
    return basename(source);
  }
  return `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * How to name the previous report in the Changes title: by the report, `nclue-2026-01, written
 * 2026-01-03` (the template's `reportWritten` wording), or its name alone when the file does not say
 * when its run started (a CSV).
 */
export function describePreviousReport(comparison: Comparison, template: Template): string {
  const { generatedAt, source } = comparison.previous;
  const name = basename(source, extname(source));
  const epochMs = generatedAt === null ? null : toEpochMs(generatedAt);
  if (epochMs === null) {
    return name;
  }
  return fillLabel(template.labels.reportWritten, {
    name,
    date: new Date(epochMs).toISOString().slice(0, 10),
  });
}

/** The Changes title: the template's `changesTitle` with `{report}` (and the older `{date}`) filled. */
export function describeChangesTitle(comparison: Comparison, template: Template): string {
  return fillLabel(template.labels.changesTitle, {
    report: describePreviousReport(comparison, template),
    date: describePreviousDate(comparison),
  });
}

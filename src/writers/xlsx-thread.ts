import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReportDocument } from './report-document.js';
import { chooseWorkbookMode, type XlsxOptions } from './xlsx.js';

/** A workbook to write, as the worker receives it (a structured clone: plain data, no secrets). */
export interface XlsxJob {
  path: string;
  document: ReportDocument;
  options: XlsxOptions;
}

/** The worker's answer: written, or the failure as the main thread would have seen it. */
export type XlsxJobResult = { ok: true } | { ok: false; name: string; message: string; code?: string };

/** The workbook writer on a thread of its own, started early so that it loads exceljs off the main thread. */
export interface XlsxThread {
  /** Writes the workbook there; rejects with an error of the same name, message and code as writeXlsx's. */
  write(path: string, document: ReportDocument, options?: XlsxOptions): Promise<void>;
  /** Stops the thread (at the end of the run, written or not). */
  close(): Promise<void>;
}

/** The worker's script beside this module: dist/bundle/ or dist/writers/ (not there when run from source). */
const WORKER_URL = new URL('./xlsx-worker.js', import.meta.url);

/**
 * Starts the workbook thread for a report of `taskCount` tasks, or returns null: for a streamed
 * workbook (chooseWorkbookMode), and where the thread's script is not built (tests run from the
 * TypeScript source). The workbook is then written on the main thread, byte for byte the same.
 */
export function startXlsxThread(taskCount: number): XlsxThread | null {
  if (chooseWorkbookMode(taskCount) !== 'in-memory') return null;
  if (!existsSync(fileURLToPath(WORKER_URL))) return null;
  const worker = new Worker(WORKER_URL);
  // Idle, the thread does not keep the process alive; while it writes it does (ref below).
  worker.unref();
  let pending: { resolve: () => void; reject: (error: Error) => void } | null = null;
  let failure: Error | null = null;
  const fail = (error: Error): void => {
    failure ??= error;
    pending?.reject(error);
    pending = null;
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the workbook thread stopped (exit code ${code})`)));
  worker.on('message', (result: XlsxJobResult) => {
    const job = pending;
    pending = null;
    worker.unref();
    if (job === null) return;
    if (result.ok) job.resolve();
    else
      job.reject(
        Object.assign(
          new Error(result.message),
          { name: result.name },
          result.code === undefined ? {} : { code: result.code },
        ),
      );
  });
  return {
    write(path, document, options = {}) {
      if (failure !== null) return Promise.reject(failure);
      if (pending !== null) return Promise.reject(new Error('the workbook thread is busy'));
      return new Promise<void>((resolve, reject) => {
        pending = { resolve, reject };
        worker.ref();
        const job: XlsxJob = { path, document, options };
        worker.postMessage(job);
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}

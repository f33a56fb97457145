/**
 * The workbook writer's own thread (xlsx-thread.ts): loads exceljs and the chart renderer as soon as
 * it starts, then writes each workbook it is sent with writeXlsx, exactly as the main thread would,
 * and answers with nothing or with the failure (its name, message and errno code). Bundled as an
 * entry point of its own (scripts/build.mjs).
 */
import { parentPort } from 'node:worker_threads';
import type { XlsxJob, XlsxJobResult } from './xlsx-thread.js';

const port = parentPort;
if (port !== null) {
  // Loaded at once, while the main thread is still fetching; a failure shows in the write below.
  const loaded = Promise.all([import('./xlsx.js'), import('exceljs'), import('./chart-png.js')]).then(
    async ([xlsx, , chart]) => {
      await chart.preloadChartRenderer();
      return xlsx;
    },
  );
  loaded.catch(() => undefined);
  port.on('message', (job: XlsxJob) => {
    void (async (): Promise<XlsxJobResult> => {
      try {
        const { writeXlsx } = await loaded;
        await writeXlsx(job.path, job.document, job.options);
        return { ok: true };
      } catch (error) {
        const { name, message, code } = error as { name?: unknown; message?: unknown; code?: unknown };
        return {
          ok: false,
          name: typeof name === 'string' ? name : 'Error',
          message: typeof message === 'string' ? message : String(error),
          ...(typeof code === 'string' ? { code } : {}),
        };
      }
    })().then((result) => port.postMessage(result));
  });
}

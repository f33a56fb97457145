/**
 * Preloaded into the CLI by the benchmark (`node --import …/report-rss.js bin/nclue-report.js`): on exit,
 * writes the process's peak resident set size to file descriptor 3, which only the benchmark opens.
 */
import { writeSync } from 'node:fs';

/** The descriptor the benchmark reads the line from. */
export const RSS_FD = 3;

process.on('exit', () => {
  try {
    writeSync(RSS_FD, `${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })}\n`);
  } catch {
    // Not started by the benchmark: nothing to report to.
  }
});

/** Flags as typed (or taken from NCLUE_REPORT_* env vars and --config), before validation. */
export interface RawOptions {
  /** The `--config` file read, and the options whose value came from it. */
  fromConfig?: { path: string; names: ReadonlySet<string> };
  command: 'report' | 'completion';
  /** `completion SHELL`: the shell asked for (bash when none). */
  shell: string | undefined;
  ids: string[];
  idsFile: string | undefined;
  all: boolean;
  strategy: string;
  maxTasks: string;
  out: string;
  name: string | undefined;
  format: string;
  template: string | undefined;
  compare: string[];
  modelKey: string | undefined;
  modelPattern: string | undefined;
  /** `--model-alias OLD=NEW`, repeatable (a config file's `"model-aliases"` object lands here too). */
  modelAlias: string[];
  period: string | undefined;
  failOnRegression: string | undefined;
  endpoint: string | undefined;
  profile: string | undefined;
  rps: string;
  concurrency: string | undefined;
  timeout: string;
  retries: string;
  bom: boolean;
  escapeFormulas: boolean;
  resume: boolean;
  fresh: boolean;
  wait: boolean;
  waitTimeout: string;
  dryRun: boolean;
  progress: boolean;
  quiet: boolean;
  verbose: boolean;
}

import { readdir } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../core/errors.js';
import { openRegularFile } from '../core/open-regular-file.js';
import { parseTemplate } from './parse-template.js';
import type { Template } from './template.js';

/** The bundled templates: `templates/` at the package root (two levels above src/templates and dist/templates). */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));
export const DEFAULT_TEMPLATE_NAME = 'default';

/** A bundled template's name: letters, digits, `-` and `_` (anything else is taken as a path). */
const TEMPLATE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * The template `--template` names: undefined → `default`; a bare name → `templates/NAME.json` of the
 * package; anything with a path separator or ending in `.json` → that file (relative to the working
 * folder). A user's template inherits whatever it leaves out from the bundled default.
 *
 * @throws UsageError when the file is missing, is not JSON, or does not validate.
 */
export async function loadTemplate(nameOrPath: string | undefined): Promise<Template> {
  const base = await loadDefaultTemplate();
  const wanted = nameOrPath?.trim() ?? '';
  if (wanted === '' || wanted === DEFAULT_TEMPLATE_NAME) {
    return base;
  }
  if (isTemplatePath(wanted)) {
    const path = resolve(wanted);
    return parseTemplate(await readTemplateJson(path, wanted), wanted, base);
  }
  if (!TEMPLATE_NAME.test(wanted)) {
    throw new UsageError(`--template "${wanted}" is neither a template name nor a .json file`);
  }
  const available = await listTemplateNames();
  if (!available.includes(wanted)) {
    throw new UsageError(
      `--template ${wanted}: no such template; use one of ${available.join(', ')}, or the path of a .json file`,
    );
  }
  return parseTemplate(await readTemplateJson(bundledPath(wanted), wanted), wanted, base);
}

/** Names of the bundled templates, sorted. */
export async function listTemplateNames(): Promise<string[]> {
  const files = await readdir(TEMPLATES_DIR);
  return files
    .filter((file) => file.endsWith('.json'))
    .map((file) => basename(file, '.json'))
    .sort();
}

export function isTemplatePath(text: string): boolean {
  return text.includes('/') || text.includes('\\') || text.toLowerCase().endsWith('.json');
}

let defaultTemplate: Promise<Template> | undefined;

/** The bundled default, read and validated once per process. */
function loadDefaultTemplate(): Promise<Template> {
  defaultTemplate ??= readTemplateJson(bundledPath(DEFAULT_TEMPLATE_NAME), DEFAULT_TEMPLATE_NAME).then(
    (json) => parseTemplate(json, DEFAULT_TEMPLATE_NAME, null),
  );
  return defaultTemplate;
}

function bundledPath(name: string): string {
  return resolve(TEMPLATES_DIR, `${name}.json`);
}

async function readTemplateJson(path: string, shownAs: string): Promise<unknown> {
  let text: string;
  try {
    const handle = await openRegularFile(path, '--template');
    try {
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const reason = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`;
    throw new UsageError(`--template ${shownAs}: the file ${reason}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new UsageError(
      `--template ${shownAs} is not valid JSON (${(error as Error).message}); check the file`,
    );
  }
}

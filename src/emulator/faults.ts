import { GATEWAY_ERRORS, gatewayErrorForCode } from './errors.js';
import type { FaultStep } from './types.js';

/** The faults key whose steps every request consumes first, whatever it asks for. */
export const ANY_REQUEST_KEY = '*';
/** The faults key whose steps the list requests (`GET /tasks`) consume. */
export const LIST_REQUESTS_KEY = 'list';

export interface FaultScript {
  /**
   * The next unused step for this key (a task ID, LIST_REQUESTS_KEY or ANY_REQUEST_KEY), consuming
   * it, or undefined once the script is used up.
   */
  next(key: string): FaultStep | undefined;
}

/** Steps are copied, so the caller's map is never mutated and the emulator can be restarted with it. */
export function createFaultScript(faults: Record<string, FaultStep[]> = {}): FaultScript {
  const used = new Map<string, number>();
  return {
    next(taskId) {
      const steps = Object.hasOwn(faults, taskId) ? faults[taskId] : undefined;
      if (steps === undefined) return undefined;
      const n = used.get(taskId) ?? 0;
      if (n >= steps.length) return undefined;
      used.set(taskId, n + 1);
      const step = steps[n];
      return step === undefined ? undefined : { ...step };
    },
  };
}

const STEP_KEYS: Record<keyof FaultStep, 'number' | 'string' | 'boolean' | 'headers' | 'code'> = {
  status: 'number',
  errorCode: 'code',
  retryAfter: 'string',
  delayMs: 'number',
  reset: 'boolean',
  truncate: 'boolean',
  bodyBytes: 'number',
  body: 'string',
  headers: 'headers',
};

/**
 * Validates a faults map read from JSON (`{"<task_id>": [{"status": 503}, {"reset": true}]}`, keys
 * also `"list"` and `"*"`), throwing a TypeError that names the offending entry.
 */
export function parseFaults(json: unknown): Record<string, FaultStep[]> {
  if (!isPlainObject(json))
    throw new TypeError('faults must be a JSON object mapping task IDs to arrays of steps');
  const result: Record<string, FaultStep[]> = {};
  for (const [taskId, steps] of Object.entries(json)) {
    if (!Array.isArray(steps)) throw new TypeError(`faults["${taskId}"] must be an array of steps`);
    result[taskId] = steps.map((step: unknown, i) => parseStep(step, `faults["${taskId}"][${i}]`));
  }
  return result;
}

function parseStep(step: unknown, where: string): FaultStep {
  if (!isPlainObject(step)) throw new TypeError(`${where} must be an object`);
  for (const [key, value] of Object.entries(step)) {
    const kind = Object.hasOwn(STEP_KEYS, key) ? STEP_KEYS[key as keyof FaultStep] : undefined;
    if (kind === undefined) {
      throw new TypeError(
        `${where} has unknown key "${key}" (allowed: ${Object.keys(STEP_KEYS).join(', ')})`,
      );
    }
    if (kind === 'code') {
      if (
        (typeof value !== 'string' && typeof value !== 'number') ||
        gatewayErrorForCode(value) === undefined
      )
        throw new TypeError(
          `${where}.errorCode must be one of ${Object.keys(GATEWAY_ERRORS).join(', ')} (a string or a number)`,
        );
      continue;
    }
    const valid =
      kind === 'headers'
        ? isPlainObject(value) && Object.values(value).every((v) => typeof v === 'string')
        : typeof value === kind;
    if (!valid)
      throw new TypeError(
        `${where}.${key} must be ${kind === 'headers' ? 'an object of strings' : `a ${kind}`}`,
      );
  }
  const { status, delayMs, bodyBytes } = step;
  if (
    status !== undefined &&
    (!Number.isInteger(status) || (status as number) < 100 || (status as number) > 599)
  ) {
    throw new TypeError(`${where}.status must be an HTTP status 100–599`);
  }
  if (delayMs !== undefined && (delayMs as number) < 0) throw new TypeError(`${where}.delayMs must be ≥ 0`);
  if (bodyBytes !== undefined && (!Number.isSafeInteger(bodyBytes) || (bodyBytes as number) < 0))
    throw new TypeError(`${where}.bodyBytes must be a whole number ≥ 0`);
  return step as FaultStep;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

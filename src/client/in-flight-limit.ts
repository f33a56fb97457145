/**
 * How many requests to keep in flight so that the rate gate, not the in-flight cap, sets the pace.
 * Little's law: requests in flight = rate × time each one spends in flight. At R requests/s with
 * answers taking L, R × L are in flight on average; fewer caps the rate (4 in flight at 300 ms allow
 * only 13 of 20 requests/s), so the limit follows the latency observed during the run.
 */

/** Multiplies R × L, for latency that varies from one answer to the next. */
export const IN_FLIGHT_HEADROOM = 1.5;
/**
 * The most requests in flight when the user sets no --concurrency: 100 requests/s with answers
 * taking 2 s need 200; one socket each stays far below the usual limit of open files.
 */
export const MAX_IN_FLIGHT = 256;
/** The latency assumed before the first answer, in ms: the connections opened ahead (warm-up). */
export const INITIAL_LATENCY_MS = 1000;
/** Weight of a faster answer in the smoothed latency (a slower one is taken at once). */
const LATENCY_SMOOTHING = 0.2;

/** ceil(R × L × headroom) + 1, within [1, max]. */
export function computeInFlightLimit(rps: number, latencyMs: number, max: number = MAX_IN_FLIGHT): number {
  const needed = Math.ceil(((rps * Math.max(0, latencyMs)) / 1000) * IN_FLIGHT_HEADROOM) + 1;
  return Math.max(1, Math.min(max, needed));
}

export interface InFlightLimit {
  /** Requests in flight allowed now. */
  current(): number;
  /** Connections worth opening before the first request: the limit for INITIAL_LATENCY_MS. */
  readonly warmConnections: number;
  /** Records how long an answer took, in ms (from the start of the request to its answer). */
  observe(latencyMs: number): void;
}

export interface InFlightLimitOptions {
  /** The user's --concurrency: the limit never goes above it. Default MAX_IN_FLIGHT. */
  max?: number;
  /** Called when the limit changes, with the smoothed latency that decided it (null: no answer yet). */
  onChange?: (limit: number, latencyMs: number | null) => void;
}

/**
 * Until the first answer the latency is unknown, but at least the age of the oldest request in
 * flight; at rate R that age is the number in flight / R, so Little's law with that bound never
 * holds a request back: the limit is `max` until then. From the first answer on it follows the
 * observed latency: at once when answers get slower (a request held back by the cap would start
 * late), smoothed when they get faster, and it shrinks only by more than one, so that a latency near a
 * boundary does not flap.
 */
export function createInFlightLimit(rps: number, options: InFlightLimitOptions = {}): InFlightLimit {
  if (!(rps > 0) || !Number.isFinite(rps)) {
    throw new TypeError(`rps must be a positive finite number, got ${rps}`);
  }
  const max = options.max ?? MAX_IN_FLIGHT;
  if (!Number.isInteger(max) || max < 1) throw new TypeError(`max must be a whole number ≥ 1, got ${max}`);
  let latency: number | null = null;
  let limit = max;
  options.onChange?.(limit, null);
  return {
    current: () => limit,
    warmConnections: computeInFlightLimit(rps, INITIAL_LATENCY_MS, max),
    observe(latencyMs) {
      const sample = Math.max(0, latencyMs);
      latency =
        latency === null || sample > latency ? sample : latency + LATENCY_SMOOTHING * (sample - latency);
      const next = computeInFlightLimit(rps, latency, max);
      if (next > limit || next < limit - 1) {
        limit = next;
        options.onChange?.(limit, latency);
      }
    },
  };
}

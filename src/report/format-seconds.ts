/**
 * A duration for people: `42 s`, `3 min 20 s`, `2 h 47 min`. Seconds are rounded up to whole seconds
 * first, so a rounding never prints `1 min 60 s`.
 */
export function formatSeconds(seconds: number): string {
  const whole = Math.ceil(Math.max(0, seconds));
  if (whole < 60) return `${whole} s`;
  const m = Math.floor(whole / 60);
  if (m < 60) return `${m} min ${whole % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

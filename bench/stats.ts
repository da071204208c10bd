/** The bench's small arithmetic: units, rounding, percentiles, slopes. */

export const mb = (bytes: number) => bytes / 1024 / 1024;

/** CPU milliseconds (user + system) between two `process.cpuUsage()` readings. */
export const cpuDelta = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) =>
  (b.user - a.user + b.system - a.system) / 1000;

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Nearest-rank percentile, rounded to 0.1 ms. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return round(sorted[rank]!, 1);
}

/** Least-squares slope of y over x, rounded to 3 digits. */
export function slope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : round(num / den, 3);
}

/** How a viewer looks at a metrics chart; kept per viewer, not in the shared document. */
export interface MetricsViewOptions {
  /** Names of the series drawn (all when the chart first shows). */
  shown: string[];
  logY: boolean;
  /** Exponential smoothing weight, 0 (raw) to 0.99 (W&B / TensorBoard style). */
  smoothing: number;
}

/** Exponential moving average with TensorBoard's debiasing, so the first points are not pulled to 0; gaps stay gaps. */
export function smooth(values: ReadonlyArray<number | null>, weight: number): Array<number | null> {
  if (weight <= 0) return [...values];
  let last = 0;
  let n = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return null;
    last = last * weight + (1 - weight) * v;
    n++;
    return last / (1 - weight ** n);
  });
}

/** Every x is a whole number (epochs, steps): the axis then gets whole-number ticks only. */
export const allIntegers = (x: readonly number[]): boolean => x.length > 0 && x.every((v) => Number.isInteger(v));

/** Tick spacings for a whole-number axis: 1, 2, 5, 10, 20, 50 … (uPlot picks the smallest that fits). */
export function integerIncrements(max = 1e9): number[] {
  const out: number[] = [];
  for (let p = 1; p <= max; p *= 10) out.push(p, 2 * p, 5 * p);
  return out;
}

/** A log y-axis needs every drawn value above zero. */
export function logPossible(series: ReadonlyArray<{ values: ReadonlyArray<number | null> }>): boolean {
  return series.length > 0 && series.every((s) => s.values.every((v) => v === null || v > 0));
}

/** The y-axis label from the header: the drawn series' names. */
export const yLabelOf = (names: readonly string[]): string => (names.length <= 3 ? names.join(' / ') : `${names.slice(0, 3).join(' / ')} …`);

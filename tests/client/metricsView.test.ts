import { parseMetricsCsv } from '../../client/src/features/notebooks/metricsCsv';
import { allIntegers, integerIncrements, logPossible, smooth, yLabelOf } from '../../client/src/features/notebooks/metricsView';

test('smoothing 0 is the raw series; more weight flattens it, starts at the first value (debiased) and keeps gaps', () => {
  const raw = [1, 0, 1, 0, 1, null, 0];
  expect(smooth(raw, 0)).toEqual(raw);
  const s = smooth(raw, 0.9);
  expect(s[0]).toBeCloseTo(1);
  expect(s[5]).toBeNull();
  const spread = (xs: Array<number | null>) => Math.max(...xs.slice(1, 5).map(Number)) - Math.min(...xs.slice(1, 5).map(Number));
  expect(spread(s)).toBeLessThan(spread(smooth(raw, 0.5)));
  expect(spread(smooth(raw, 0.5))).toBeLessThan(1);
  // A constant stays constant at any weight.
  expect(smooth([3, 3, 3], 0.8).map((v) => Number(v!.toFixed(10)))).toEqual([3, 3, 3]);
});

test('whole-number x gets whole-number tick spacings only', () => {
  expect(allIntegers([1, 2, 3, 10])).toBe(true);
  expect(allIntegers([0.5, 1])).toBe(false);
  expect(allIntegers([])).toBe(false);
  const incrs = integerIncrements(1000);
  expect(incrs.slice(0, 6)).toEqual([1, 2, 5, 10, 20, 50]);
  expect(incrs.every((v) => Number.isInteger(v))).toBe(true);
});

test('log scale only when every drawn value is above 0; the y label comes from the header', () => {
  const data = parseMetricsCsv('epoch,loss,acc,delta\n1,0.9,0.5,-1\n2,0.5,0.7,0\n3,0.3,,2')!;
  expect(data.xLabel).toBe('epoch');
  const [loss, acc, delta] = data.series;
  expect(logPossible([loss!, acc!])).toBe(true); // a gap is fine
  expect(logPossible([loss!, delta!])).toBe(false);
  expect(yLabelOf(data.series.map((s) => s.name))).toBe('loss / acc / delta');
  expect(yLabelOf(['a', 'b', 'c', 'd'])).toBe('a / b / c …');
});

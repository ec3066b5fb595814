// Capacity, not a fixed load: for each server under test, the highest offered rate it sustains.
//
// The rate doubles from `start` until a step fails, then bisects between the last rate that passed and the
// first that failed until they are within `precision` of each other. The servers' steps alternate (and the
// order flips every round), so a busy moment on the machine hits all of them, not one. A failing step is
// run once more at the same rate and counts as failed only if it fails again: one stall of a shared machine
// should not decide a capacity.

/**
 * @param {string[]} names servers under test
 * @param {{ start: number, maxRate: number, precision?: number, runStep: (name: string, rate: number) => Promise<{ passed: boolean }>, log?: (line: string) => void }} plan
 */
export async function searchCapacities(names, { start, maxRate, precision = 0.1, runStep, log = () => {} }) {
  const state = Object.fromEntries(names.map((n) => [n, { lo: 0, loStep: null, hi: Infinity, hiStep: null, steps: [], done: false, capped: false }]));
  const nextRate = (s) => {
    if (s.hi === Infinity) {
      const r = s.lo ? s.lo * 2 : start;
      if (r > maxRate) {
        s.done = true;
        s.capped = true;
        return null;
      }
      return r;
    }
    if (s.lo === 0 && s.hi <= start / 8) {
      s.done = true;
      return null;
    }
    if (s.hi - s.lo <= precision * Math.max(s.lo, 1)) {
      s.done = true;
      return null;
    }
    return roundRate((s.lo + s.hi) / 2);
  };
  for (let round = 0; names.some((n) => !state[n].done); round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const s = state[name];
      if (s.done) continue;
      const rate = nextRate(s);
      if (rate === null) continue;
      let step = await runStep(name, rate);
      s.steps.push(step);
      log(describe(name, rate, step));
      if (!step.passed) {
        const again = await runStep(name, rate);
        s.steps.push(again);
        log(describe(name, rate, again) + ' (re-run)');
        if (again.passed) step = again;
      }
      if (step.passed) {
        s.lo = rate;
        s.loStep = step;
      } else {
        s.hi = rate;
        s.hiStep = step;
      }
    }
  }
  return Object.fromEntries(
    names.map((n) => {
      const s = state[n];
      // clientBound: the rate above the capacity failed because the clients could not offer it, so the
      // server's real capacity is at least `capacity`, possibly more.
      return [n, { capacity: s.lo, capped: s.capped, clientBound: Boolean(s.hiStep?.clientBound), atCapacity: s.loStep, firstFailure: s.hiStep, steps: s.steps }];
    }),
  );
}

/** Two significant figures are plenty for a rate found by bisection. */
function roundRate(x) {
  const p = 10 ** Math.max(0, Math.floor(Math.log10(x)) - 1);
  return Math.round(x / p) * p;
}

function describe(name, rate, step) {
  const lat = step.latencyMs ? `p50 ${step.latencyMs.p50} p99 ${step.latencyMs.p99} ms` : '';
  const cpu = step.serverCpuShare !== undefined ? ` server ${Math.round(step.serverCpuShare * 100)}% client ${Math.round(step.clientCpuShare * 100)}% cpu` : '';
  return `  ${name.padEnd(10)} ${String(rate).padStart(7)}/s  ${step.passed ? 'pass' : 'FAIL'}  delivered ${(step.deliveredRatio * 100).toFixed(1)}%  ${lat}${cpu}${step.reason ? `  (${step.reason})` : ''}`;
}

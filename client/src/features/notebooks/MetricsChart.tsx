import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { MetricsData } from './metricsCsv';
import { allIntegers, integerIncrements, logPossible, smooth, yLabelOf } from './metricsView';

const COLORS = ['#4f46e5', '#dc2626', '#0f766e', '#c2410c', '#7c3aed', '#0369a1'];

/**
 * A uPlot line chart of a metrics cell with the viewer's own controls: which series, log scale, smoothing.
 * Axis labels come from the CSV header; whole-number x (epochs, steps) gets whole-number ticks.
 */
export default function MetricsChart({ data, label }: { data: MetricsData; label: string }) {
  const { t } = useTranslation();
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [hidden, setHidden] = useState<string[]>([]);
  const [logY, setLogY] = useState(false);
  const [smoothing, setSmoothing] = useState(0);

  const drawn = useMemo(() => {
    const picked = data.series.filter((s) => !hidden.includes(s.name));
    return picked.length > 0 ? picked : data.series.slice(0, 1);
  }, [data, hidden]);
  const canLog = logPossible(drawn);
  const log = logY && canLog;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = Math.max(260, el.clientWidth);
    const integerX = allIntegers(data.x);
    const opts: uPlot.Options = {
      width,
      height: 240,
      scales: { x: { time: false }, y: log ? { distr: 3 } : {} },
      axes: [
        { label: data.xLabel, stroke: '#3f4354', ...(integerX ? { incrs: integerIncrements() } : {}) },
        { label: yLabelOf(drawn.map((s) => s.name)), stroke: '#3f4354' },
      ],
      legend: { show: true },
      series: [
        { label: data.xLabel },
        ...drawn.map((s) => ({ label: s.name, stroke: COLORS[data.series.indexOf(s) % COLORS.length], width: 2, spanGaps: true, points: { show: data.x.length < 40 } })),
      ],
    };
    plot.current?.destroy();
    plot.current = new uPlot(opts, [data.x, ...drawn.map((s) => smooth(s.values, smoothing))] as uPlot.AlignedData, el);
    const resize = new ResizeObserver(() => {
      const w = Math.max(260, el.clientWidth);
      if (plot.current && Math.abs(plot.current.width - w) > 4) plot.current.setSize({ width: w, height: 240 });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [data, drawn, log, smoothing]);

  return (
    <div className="metrics">
      <div className="metrics-controls" role="group" aria-label={t('notebooks.chartOptions')}>
        {data.series.length > 1 &&
          data.series.map((s, i) => (
            <label key={s.name} className="toggle-chip small">
              <input
                type="checkbox"
                checked={!hidden.includes(s.name)}
                onChange={(e) => setHidden((h) => (e.target.checked ? h.filter((n) => n !== s.name) : [...h, s.name]))}
                data-testid="series-toggle"
              />
              <span className="swatch" style={{ background: COLORS[i % COLORS.length] }} aria-hidden="true" /> {s.name}
            </label>
          ))}
        <label className="toggle-chip small" title={canLog ? undefined : t('notebooks.logNeedsPositive')}>
          <input type="checkbox" checked={log} disabled={!canLog} onChange={(e) => setLogY(e.target.checked)} data-testid="log-scale" /> {t('notebooks.logScale')}
        </label>
        <label htmlFor={`${id}-smooth`} className="small">
          {t('notebooks.smoothing')} {smoothing.toFixed(2)}
        </label>
        <input id={`${id}-smooth`} type="range" min={0} max={0.95} step={0.05} value={smoothing} onChange={(e) => setSmoothing(Number(e.target.value))} data-testid="smoothing" />
      </div>
      <div className="metrics-chart" ref={box} role="img" aria-label={label} data-testid="metrics-chart" />
    </div>
  );
}

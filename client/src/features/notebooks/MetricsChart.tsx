import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { MetricsData } from './metricsCsv';

const COLORS = ['#4f46e5', '#dc2626', '#0f766e', '#c2410c', '#7c3aed', '#0369a1'];

/** A uPlot line chart of a metrics cell; redrawn when the data changes, resized with its box. */
export default function MetricsChart({ data, label }: { data: MetricsData; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = Math.max(260, el.clientWidth);
    const opts: uPlot.Options = {
      width,
      height: 240,
      scales: { x: { time: false } },
      axes: [{ label: data.xLabel, stroke: '#3f4354' }, { stroke: '#3f4354' }],
      legend: { show: true },
      series: [{ label: data.xLabel }, ...data.series.map((s, i) => ({ label: s.name, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: true, points: { show: data.x.length < 40 } }))],
    };
    plot.current?.destroy();
    plot.current = new uPlot(opts, [data.x, ...data.series.map((s) => s.values)] as uPlot.AlignedData, el);
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
  }, [data]);

  return <div className="metrics-chart" ref={box} role="img" aria-label={label} data-testid="metrics-chart" />;
}

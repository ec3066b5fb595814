/** A metrics cell's CSV as chart data: the first column is x, every other numeric column a series. */
export interface MetricsData {
  xLabel: string;
  x: number[];
  series: Array<{ name: string; values: Array<number | null> }>;
}

const splitRow = (line: string): string[] => line.split(/[,\t;]/).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));

/** Parses CSV with a header row; rows whose x is not a number are skipped, bad cells become gaps. */
export function parseMetricsCsv(csv: string): MetricsData | null {
  const lines = csv.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (lines.length < 2) return null;
  const header = splitRow(lines[0]!);
  if (header.length < 2) return null;
  const rows: number[][] = [];
  for (const line of lines.slice(1)) {
    const cells = splitRow(line);
    const x = Number(cells[0]);
    if (cells[0] === '' || !Number.isFinite(x)) continue;
    rows.push(header.map((_, i) => (cells[i] === undefined || cells[i] === '' ? Number.NaN : Number(cells[i]))));
  }
  if (rows.length === 0) return null;
  // uPlot needs ascending x.
  rows.sort((a, b) => a[0]! - b[0]!);
  const series = header.slice(1).map((name, j) => ({
    name: name || `y${j + 1}`,
    values: rows.map((r) => (Number.isFinite(r[j + 1]!) ? r[j + 1]! : null)),
  }));
  const usable = series.filter((s) => s.values.some((v) => v !== null));
  if (usable.length === 0) return null;
  return { xLabel: header[0] || 'x', x: rows.map((r) => r[0]!), series: usable };
}

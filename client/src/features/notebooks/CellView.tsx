import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { CELL_LANG, CELL_SOURCE, CELL_TYPE, CELL_TYPES, readCell, type CellType } from '@cohort/shared';
import { Markdown } from '../../components/Markdown';
import { CODE_LANGUAGES, CellEditor } from './CellEditor';
import { parseMetricsCsv } from './metricsCsv';

// uPlot is its own chunk: it loads when a metrics cell first draws.
const MetricsChart = lazy(() => import('./MetricsChart'));

interface CellProps {
  cell: Y.Map<unknown>;
  index: number;
  count: number;
  awareness: Awareness;
  readOnly: boolean;
  /** Tab indents inside the editor instead of moving focus (the user's choice). */
  tabIndents: boolean;
  onMove(from: number, to: number): void;
  onDelete(index: number): void;
  onAdd(type: CellType, at: number): void;
}

/** One cell: its toolbar (type, language, move, add, delete), its editor, and its rendered side (preview, chart). */
export function CellView({ cell, index, count, awareness, readOnly, tabIndents, onMove, onDelete, onAdd }: CellProps) {
  const { t } = useTranslation();
  const [info, setInfo] = useState(() => readCell(cell, index));
  const [source, setSource] = useState(() => (cell.get(CELL_SOURCE) instanceof Y.Text ? (cell.get(CELL_SOURCE) as Y.Text) : null));
  const [preview, setPreview] = useState(true);

  useEffect(() => {
    const readMeta = () => {
      setInfo(readCell(cell, index));
      const s = cell.get(CELL_SOURCE);
      setSource(s instanceof Y.Text ? s : null);
    };
    cell.observe(readMeta);
    return () => cell.unobserve(readMeta);
  }, [cell, index]);

  // The rendered side (markdown preview, chart) follows the text as anyone edits it.
  const [text, setText] = useState(() => source?.toString() ?? '');
  useEffect(() => {
    if (!source) return;
    const read = () => setText(source.toString());
    read();
    source.observe(read);
    return () => source.unobserve(read);
  }, [source]);

  const metrics = useMemo(() => (info.type === 'metrics' ? parseMetricsCsv(text) : null), [info.type, text]);
  const label = t('notebooks.cellLabel', { n: index + 1, type: t(`notebooks.type_${info.type}`) });

  const setType = (type: CellType) => {
    cell.doc?.transact(() => {
      cell.set(CELL_TYPE, type);
      if (type === 'code') {
        if (!cell.get(CELL_LANG)) cell.set(CELL_LANG, 'python');
      } else if (cell.has(CELL_LANG)) cell.delete(CELL_LANG);
    });
  };

  return (
    <section className={`cell cell-${info.type}`} aria-label={label} data-testid="cell" data-cell-type={info.type}>
      <div className="cell-bar">
        <span className="cell-index muted">[{index + 1}]</span>
        {readOnly ? (
          <span className="pill">{t(`notebooks.type_${info.type}`)}</span>
        ) : (
          <>
            <label className="visually-hidden" htmlFor={`type-${info.id}`}>
              {t('notebooks.cellType')}
            </label>
            <select id={`type-${info.id}`} value={info.type} onChange={(e) => setType(e.target.value as CellType)} data-testid="cell-type">
              {CELL_TYPES.map((ty) => (
                <option key={ty} value={ty}>
                  {t(`notebooks.type_${ty}`)}
                </option>
              ))}
            </select>
          </>
        )}
        {info.type === 'code' && (
          <>
            <label className="visually-hidden" htmlFor={`lang-${info.id}`}>
              {t('notebooks.language')}
            </label>
            <select id={`lang-${info.id}`} value={info.lang || 'python'} disabled={readOnly} onChange={(e) => cell.set(CELL_LANG, e.target.value)} data-testid="cell-lang">
              {CODE_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`notebooks.lang_${l}`)}
                </option>
              ))}
            </select>
          </>
        )}
        {info.type === 'markdown' && (
          <button type="button" className="btn btn-ghost btn-small" aria-pressed={preview} onClick={() => setPreview((p) => !p)}>
            {t('common.preview')}
          </button>
        )}
        {!readOnly && (
          <div className="cell-tools">
            <button type="button" className="btn btn-ghost btn-icon" onClick={() => onMove(index, index - 1)} disabled={index === 0} aria-label={t('notebooks.moveUp')}>
              ↑
            </button>
            <button type="button" className="btn btn-ghost btn-icon" onClick={() => onMove(index, index + 1)} disabled={index === count - 1} aria-label={t('notebooks.moveDown')}>
              ↓
            </button>
            <button type="button" className="btn btn-ghost btn-icon" onClick={() => onAdd('markdown', index + 1)} aria-label={t('notebooks.addBelow')}>
              +
            </button>
            <button
              type="button"
              className="btn btn-ghost btn-icon"
              onClick={() => {
                if (text.trim() === '' || window.confirm(t('notebooks.confirmDeleteCell'))) onDelete(index);
              }}
              aria-label={t('notebooks.deleteCell')}
            >
              ✕
            </button>
          </div>
        )}
      </div>
      <div className={`cell-body ${info.type === 'markdown' && preview ? 'cell-split' : ''}`}>
        {source && <CellEditor text={source} awareness={awareness} type={info.type} lang={info.lang} readOnly={readOnly} label={label} tabIndents={tabIndents} placeholder={info.type === 'metrics' ? t('notebooks.metricsPlaceholder') : undefined} />}
        {info.type === 'markdown' && preview && (
          <div className="cell-preview" aria-label={t('common.preview')}>
            {text.trim() ? <Markdown source={text} /> : <p className="muted">{t('common.nothingToPreview')}</p>}
          </div>
        )}
      </div>
      {info.type === 'metrics' && (
        <div className="cell-chart">
          {metrics ? (
            <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
              <MetricsChart data={metrics} label={t('notebooks.chartLabel', { series: metrics.series.map((s) => s.name).join(', '), x: metrics.xLabel })} />
            </Suspense>
          ) : (
            <p className="muted hint">{t('notebooks.metricsHint')}</p>
          )}
        </div>
      )}
    </section>
  );
}

import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearch } from 'wouter';
import type { TopicCluster, TopicMap } from '@cohort/shared';
import { api, isUnavailable } from '../../api/http';
import { itemHref } from '../../components/discussionHref';
import { PageHeader } from '../../components/Layout';
import { Notice, errorText } from '../../components/Notice';
import { CLUSTER_COLORS, placeClusters, type LayoutPoint, type PlacedItem } from './topicLayout';

const W = 1000;
const H = 640;

export function TopicMapPage() {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [clusters, setClusters] = useState<TopicCluster[] | null>(null);
  const [layout, setLayout] = useState<LayoutPoint[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [hover, setHover] = useState<PlacedItem | null>(null);
  const [focusCluster, setFocusCluster] = useState<number | null>(null);
  const wanted = new URLSearchParams(useSearch()).get('cluster');
  const svg = useRef<SVGSVGElement>(null);
  // Labels keep a readable on-screen size however narrow the map is drawn (the viewBox is 1000 wide).
  const [scale, setScale] = useState(1);
  useEffect(() => {
    const el = svg.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setScale(el.clientWidth > 0 ? W / el.clientWidth : 1));
    ro.observe(el);
    return () => ro.disconnect();
  }, [clusters]);

  useEffect(() => {
    api<TopicMap>('GET', '/api/clusters').then(
      (d) => {
        setLayout(d.layout);
        setClusters(d.clusters);
      },
      (err) => setError(err),
    );
  }, []);

  const placed = useMemo(() => (clusters ? placeClusters(clusters, layout) : null), [clusters, layout]);
  const open = (p: PlacedItem) => navigate(itemHref(p.item.type, p.item.id));

  // A link from elsewhere (Home's trending topics) names a cluster: show it picked, with its items.
  useEffect(() => {
    if (!clusters || wanted === null) return;
    const i = clusters.findIndex((c) => c.id === wanted);
    if (i >= 0) setFocusCluster(i);
  }, [clusters, wanted]);
  const picked = focusCluster !== null ? clusters?.[focusCluster] ?? null : null;
  const labelSize = Math.min(15 * scale, 40);

  return (
    <div className="page">
      <PageHeader title={t('map.title')} subtitle={t('map.subtitle')} />
      {error ? <Notice kind="warn">{isUnavailable(error) ? t('semantic.unavailable') : errorText(t, error)}</Notice> : null}
      {clusters === null && !error && <Notice>{t('common.loading')}</Notice>}
      {clusters && clusters.length === 0 && <Notice>{t('map.empty')}</Notice>}
      {placed && clusters && clusters.length > 0 && (
        <div className="map-layout">
          <div className="map-box">
            <svg ref={svg} viewBox={`0 0 ${W} ${H}`} className="topic-map" role="group" aria-label={t('map.label')} data-testid="topic-map">
              {placed.items.map((p) => {
                const dim = focusCluster !== null && focusCluster !== p.cluster;
                return (
                  <a
                    key={`${p.item.type}:${p.item.id}`}
                    href={itemHref(p.item.type, p.item.id)}
                    onClick={(e) => {
                      e.preventDefault();
                      open(p);
                    }}
                    onMouseEnter={() => setHover(p)}
                    onMouseLeave={() => setHover(null)}
                    onFocus={() => setHover(p)}
                    onBlur={() => setHover(null)}
                    aria-label={`${t(`types.${p.item.type}`)}: ${p.item.title}`}
                    className="map-point"
                  >
                    <circle cx={p.x * W} cy={p.y * H} r={hover === p ? 11 : 7} fill={CLUSTER_COLORS[p.cluster % CLUSTER_COLORS.length]} opacity={dim ? 0.2 : 0.85} />
                  </a>
                );
              })}
              {placed.centers.map((c) => (
                <text key={c.cluster.id} x={c.cx * W} y={c.cy * H - 16 * Math.min(scale, 2.5)} textAnchor="middle" className="map-label" fontSize={labelSize} strokeWidth={4 * Math.min(scale, 2.5)} opacity={focusCluster !== null && focusCluster !== c.index ? 0.25 : 1}>
                  {c.cluster.keywords.slice(0, scale > 1.8 ? 2 : 3).join(' · ') || c.cluster.label}
                </text>
              ))}
            </svg>
            {hover && (
              <div className="map-tip" style={{ left: `${hover.x * 100}%`, top: `${hover.y * 100}%` }} role="tooltip">
                <span className={`type-badge type-${hover.item.type}`}>{t(`types.${hover.item.type}`)}</span> {hover.item.title}
              </div>
            )}
          </div>
          <ul className="legend" aria-label={t('map.legend')}>
            {placed.centers.map((c) => (
              <li key={c.cluster.id}>
                <button type="button" className={`legend-item ${focusCluster === c.index ? 'on' : ''}`} aria-pressed={focusCluster === c.index} onClick={() => setFocusCluster(focusCluster === c.index ? null : c.index)}>
                  <span className="swatch" style={{ background: CLUSTER_COLORS[c.index % CLUSTER_COLORS.length] }} aria-hidden="true" />
                  <span>
                    <strong>{c.cluster.label || c.cluster.keywords[0]}</strong>
                    <span className="muted small"> · {t('map.items', { count: c.cluster.size })}</span>
                    <span className="legend-keywords">{c.cluster.keywords.join(', ')}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {picked && (
            <section className="cluster-items" aria-labelledby="cluster-items-h" data-testid="cluster-items">
              <h2 id="cluster-items-h">{picked.label || picked.keywords[0]}</h2>
              <ul className="plain-list">
                {picked.items.map((it) => (
                  <li key={`${it.type}:${it.id}`}>
                    <span className={`type-badge type-${it.type}`}>{t(`types.${it.type}`)}</span> <Link href={itemHref(it.type, it.id)}>{it.title}</Link>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      )}
    </div>
  );
}

/** A stable colour per user id, dark enough for white initials (contrast ≥ 4.5:1). */
export function colorFor(id: string): string {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  const palette = ['#4338ca', '#0f766e', '#b91c1c', '#7c3aed', '#a16207', '#0369a1', '#be185d', '#15803d', '#c2410c', '#4d7c0f'];
  return palette[h % palette.length]!;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const first = [...parts[0]!][0] ?? '?';
  const second = parts.length > 1 ? ([...parts[parts.length - 1]!][0] ?? '') : '';
  return (first + second).toUpperCase();
}

export function Avatar({ id, name, size = 32, title }: { id: string; name: string; size?: number; title?: string }) {
  return (
    <span className="avatar" style={{ background: colorFor(id), width: size, height: size, fontSize: size * 0.4 }} title={title ?? name} aria-hidden="true">
      {initials(name)}
    </span>
  );
}

/** The separators a chip list splits on: ASCII and full-width commas, the ideographic comma, semicolons, newlines. */
export const CHIP_SEPARATORS = /[,，、;；\r\n]+/;

/** The items in pasted or typed text, trimmed, empty pieces dropped. */
export function splitChips(raw: string): string[] {
  return raw
    .split(CHIP_SEPARATORS)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** `items` added to `value`: each cut to `maxLength`, case-insensitive duplicates skipped, at most `max` in all. */
export function addChips(value: string[], items: string[], max: number, maxLength = 80): string[] {
  const next = [...value];
  for (const raw of items) {
    const item = raw.slice(0, maxLength);
    if (next.length >= max) break;
    if (!next.some((v) => v.toLowerCase() === item.toLowerCase())) next.push(item);
  }
  return next;
}

/**
 * Prefix search over names (usernames, display names) as index range scans, the same way in every adapter.
 * Pure functions, no I/O.
 */

/**
 * The form a display name is stored in for search and a prefix is compared in: NFKC (so full-width `Ａｎｎ`
 * is `ann`), then lower-cased with full Unicode rules. Adapters store it themselves because neither SQLite's
 * lower() nor MongoDB's $toLower folds beyond ASCII.
 */
export function nameKey(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * Bounds `[from, to)` holding exactly the strings that start with `prefix`, in code point (= UTF-8 byte)
 * order, which is how SQLite (BINARY and NOCASE on lower-case text) and MongoDB compare strings. Unlike
 * LIKE or $regex, nothing in the prefix (`%`, `_`, `.`, `*`, `(`) has a meaning to escape. The bound is
 * the prefix followed by the last code point, U+10FFFF (a noncharacter, so never part of a real name).
 */
export function prefixRange(prefix: string): { from: string; to: string } {
  return { from: prefix, to: `${prefix}\u{10FFFF}` };
}

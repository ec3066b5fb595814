import * as Y from 'yjs';

/**
 * The shape of a notebook's Yjs document (contract, "Yjs" section), shared by the server and the web client:
 * - `Y.Map "meta"` holds `title` (string);
 * - `Y.Array "cells"` holds one `Y.Map` per cell with `id` (string), `type` ("markdown" | "code" | "metrics"),
 *   `source` (`Y.Text`) and, for code cells, `lang` (string, e.g. "python"; absent or "" means unspecified).
 * A metrics cell's source is CSV with a header row.
 * Pure Yjs: no Node or browser APIs, so both sides import it.
 */
export const NOTEBOOK_META = 'meta';
export const NOTEBOOK_CELLS = 'cells';
export const CELL_ID = 'id';
export const CELL_TYPE = 'type';
export const CELL_SOURCE = 'source';
export const CELL_LANG = 'lang';
export const META_TITLE = 'title';

export const CELL_TYPES = ['markdown', 'code', 'metrics'] as const;
export type CellType = (typeof CELL_TYPES)[number];

/** One cell as plain data. */
export interface CellContent {
  id: string;
  type: CellType;
  source: string;
  /** Code cells only; '' when unspecified. */
  lang: string;
}

/** A notebook's content as plain data: what versions, export and restore work on. */
export interface NotebookContent {
  title: string;
  cells: CellContent[];
}

/** The Yjs document name of a notebook. */
export const notebookDocName = (notebookId: string): string => `notebook:${notebookId}`;

/** The notebook id of a document name, or null when it is not a notebook's. */
export function notebookIdOf(docName: string): string | null {
  const m = /^notebook:([\x21-\x7E]{1,128})$/.exec(docName);
  return m ? m[1]! : null;
}

/** A random cell id (base36, 16 characters). getRandomValues works in insecure browser contexts too, unlike randomUUID. */
export function newCellId(): string {
  const bytes = new Uint8Array(10);
  globalThis.crypto.getRandomValues(bytes);
  let id = '';
  for (const b of bytes) id += (b % 36).toString(36);
  return `c${id}`;
}

export const metaOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(NOTEBOOK_META);
export const cellsOf = (doc: Y.Doc): Y.Array<Y.Map<unknown>> => doc.getArray<Y.Map<unknown>>(NOTEBOOK_CELLS);

const isCellType = (v: unknown): v is CellType => typeof v === 'string' && (CELL_TYPES as readonly string[]).includes(v);

/** A new cell map, ready to be inserted into `cells`. */
export function makeCell(cell: CellContent): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set(CELL_ID, cell.id);
  map.set(CELL_TYPE, cell.type);
  map.set(CELL_SOURCE, new Y.Text(cell.source));
  if (cell.type === 'code' && cell.lang) map.set(CELL_LANG, cell.lang);
  return map;
}

/**
 * Reads one cell defensively: the document is written by clients, so a missing or mistyped field reads as
 * its default (type markdown, empty source, no lang) rather than failing the whole notebook.
 */
export function readCell(map: unknown, index: number): CellContent {
  if (!(map instanceof Y.Map)) return { id: `cell-${index}`, type: 'markdown', source: '', lang: '' };
  const id = map.get(CELL_ID);
  const type = map.get(CELL_TYPE);
  const source = map.get(CELL_SOURCE);
  const lang = map.get(CELL_LANG);
  return {
    id: typeof id === 'string' && id ? id : `cell-${index}`,
    type: isCellType(type) ? type : 'markdown',
    source: source instanceof Y.Text ? source.toString() : typeof source === 'string' ? source : '',
    lang: typeof lang === 'string' ? lang : '',
  };
}

/** The notebook's content as plain data. */
export function readNotebook(doc: Y.Doc): NotebookContent {
  const title = metaOf(doc).get(META_TITLE);
  return {
    title: typeof title === 'string' ? title : '',
    cells: cellsOf(doc).toArray().map((cell, i) => readCell(cell, i)),
  };
}

/** Fills an empty document with a new notebook's content: its title and one empty markdown cell. */
export function initNotebookDoc(doc: Y.Doc, title: string, firstCellId: string = newCellId()): void {
  doc.transact(() => {
    metaOf(doc).set(META_TITLE, title);
    cellsOf(doc).push([makeCell({ id: firstCellId, type: 'markdown', source: '', lang: '' })]);
  });
}

/** Replaces the text with `next` by editing only the changed middle, so cursors before and after it stay put. */
export function replaceText(text: Y.Text, next: string): void {
  const current = text.toString();
  if (current === next) return;
  let start = 0;
  const max = Math.min(current.length, next.length);
  while (start < max && current.charCodeAt(start) === next.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && current.charCodeAt(current.length - 1 - end) === next.charCodeAt(next.length - 1 - end)) end++;
  // Never split a surrogate pair: Y.Text counts UTF-16 units, and half a pair is not a character.
  if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start--;
  if (end > 0 && isLowSurrogate(current.charCodeAt(current.length - end))) end--;
  const removed = current.length - start - end;
  if (removed > 0) text.delete(start, removed);
  const inserted = next.slice(start, next.length - end);
  if (inserted) text.insert(start, inserted);
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Longest common subsequence of two id lists: which cells can stay where they are. */
function commonIds(a: readonly string[], b: readonly string[]): Set<number> {
  const n = a.length;
  const m = b.length;
  const table: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const keep = new Set<number>();
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      keep.add(i);
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return keep;
}

/**
 * Makes the document hold `target` as a forward edit in one transaction: cells are matched by id, kept cells
 * get only their changed fields and text ranges edited, missing or moved cells are (re)inserted, extra ones
 * deleted. Collaborators who are live simply receive an edit and converge; nothing is rewound.
 */
export function applyNotebookContent(doc: Y.Doc, target: NotebookContent): void {
  doc.transact(() => {
    const meta = metaOf(doc);
    if (meta.get(META_TITLE) !== target.title) meta.set(META_TITLE, target.title);

    const cells = cellsOf(doc);
    const live = cells.toArray();
    const liveIds = live.map((cell, i) => readCell(cell, i).id);
    const targetIds = target.cells.map((c) => c.id);
    const seen = new Set<string>();
    // A duplicated id (two clients inserting concurrently with a reused id) is matched once; the copy goes,
    // and so does anything in the array that is not a cell map.
    const matchable = liveIds.map((id, i) =>
      !(live[i] instanceof Y.Map) ? `\u0000bad:${i}` : seen.has(id) ? `\u0000dup:${i}` : (seen.add(id), id),
    );
    const keep = commonIds(matchable, targetIds);

    for (let i = live.length - 1; i >= 0; i--) if (!keep.has(i)) cells.delete(i, 1);

    const kept = new Map<string, Y.Map<unknown>>();
    for (const i of keep) kept.set(matchable[i]!, live[i] as Y.Map<unknown>);
    target.cells.forEach((cell, index) => {
      const existing = kept.get(cell.id);
      if (!existing) {
        cells.insert(index, [makeCell(cell)]);
        return;
      }
      if (existing.get(CELL_ID) !== cell.id) existing.set(CELL_ID, cell.id);
      if (existing.get(CELL_TYPE) !== cell.type) existing.set(CELL_TYPE, cell.type);
      const wantLang = cell.type === 'code' && cell.lang ? cell.lang : undefined;
      if (wantLang === undefined) {
        if (existing.has(CELL_LANG)) existing.delete(CELL_LANG);
      } else if (existing.get(CELL_LANG) !== wantLang) existing.set(CELL_LANG, wantLang);
      const source = existing.get(CELL_SOURCE);
      if (source instanceof Y.Text) replaceText(source, cell.source);
      else existing.set(CELL_SOURCE, new Y.Text(cell.source));
    });
  });
}

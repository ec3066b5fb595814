import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { META_TITLE, cellsOf, makeCell, metaOf, newCellId, readCell, type CellType } from '@cohort/shared';
import type { YDocHandle } from '../../hooks/useYDoc';

/** The notebook document's cells and title as React state, and the edits that add, move and delete cells. */
export function useNotebookCells(handle: YDocHandle | null, readOnly: boolean) {
  const [cells, setCells] = useState<Y.Map<unknown>[]>([]);
  const [title, setTitle] = useState('');
  useEffect(() => {
    if (!handle) return;
    const arr = cellsOf(handle.doc);
    const m = metaOf(handle.doc);
    const read = () => setCells(arr.toArray().filter((c): c is Y.Map<unknown> => c instanceof Y.Map));
    const readTitle = () => {
      const v = m.get(META_TITLE);
      setTitle(typeof v === 'string' ? v : '');
    };
    read();
    readTitle();
    arr.observe(read);
    m.observe(readTitle);
    return () => {
      arr.unobserve(read);
      m.unobserve(readTitle);
    };
  }, [handle]);

  const addCell = (type: CellType, at: number) => {
    if (!handle || readOnly) return;
    // A metrics cell starts empty: its example header is the editor's placeholder, not text to type over.
    cellsOf(handle.doc).insert(at, [makeCell({ id: newCellId(), type, source: '', lang: type === 'code' ? 'python' : '' })]);
  };

  const moveCell = (from: number, to: number) => {
    if (!handle || readOnly) return;
    const arr = cellsOf(handle.doc);
    if (to < 0 || to >= arr.length) return;
    handle.doc.transact(() => {
      const content = readCell(arr.get(from), from);
      arr.delete(from, 1);
      arr.insert(to, [makeCell(content)]);
    });
  };

  const deleteCell = (index: number) => {
    if (!handle || readOnly) return;
    cellsOf(handle.doc).delete(index, 1);
  };

  return { cells, title, addCell, moveCell, deleteCell };
}

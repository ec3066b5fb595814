import { useEffect, useRef } from 'react';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { EditorView, drawSelection, highlightActiveLine, keymap, lineNumbers, placeholder as cmPlaceholder } from '@codemirror/view';
import { defaultKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { markdown } from '@codemirror/lang-markdown';
import { python } from '@codemirror/lang-python';
import { javascript } from '@codemirror/lang-javascript';
import { sql } from '@codemirror/lang-sql';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { CellType } from '@cohort/shared';

export const CODE_LANGUAGES = ['python', 'javascript', 'typescript', 'sql', 'plain'] as const;

function languageFor(type: CellType, lang: string): Extension {
  if (type === 'markdown') return markdown();
  if (type === 'metrics') return [];
  switch (lang) {
    case 'python':
    case '':
      return python();
    case 'javascript':
      return javascript();
    case 'typescript':
      return javascript({ typescript: true });
    case 'sql':
      return sql();
    default:
      return [];
  }
}

const tabKeymap = (tabIndents: boolean): Extension => (tabIndents ? keymap.of([indentWithTab]) : []);

const theme = EditorView.theme({
  '&': { fontSize: '14px', backgroundColor: 'var(--surface)' },
  '.cm-content': { fontFamily: 'var(--mono)', padding: '10px 0', caretColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--muted)', border: 'none' },
  '&.cm-focused': { outline: 'none' },
  '.cm-ySelectionInfo': { opacity: '1', fontFamily: 'var(--sans)', fontSize: '11px', padding: '1px 4px', borderRadius: '3px', top: '-1.3em' },
});

/**
 * One cell's source in CodeMirror 6, bound to its Y.Text by y-codemirror.next: edits go both ways, and the
 * awareness shows others' cursors and selections in their colours with their names.
 */
export function CellEditor({ text, awareness, type, lang, readOnly, label, tabIndents, placeholder }: { text: Y.Text; awareness: Awareness; type: CellType; lang: string; readOnly: boolean; label: string; tabIndents: boolean; placeholder?: string }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const language = useRef(new Compartment());
  const editable = useRef(new Compartment());
  // Tab moves focus out of the cell (no keyboard trap) unless the user chose "Tab indents"; Ctrl-] and Ctrl-[
  // (defaultKeymap's Mod-] / Mod-[) indent either way.
  const tabKeys = useRef(new Compartment());

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const undoManager = new Y.UndoManager(text);
    const v = new EditorView({
      parent: el,
      state: EditorState.create({
        doc: text.toString(),
        extensions: [
          type === 'code' ? lineNumbers() : [],
          drawSelection(),
          highlightActiveLine(),
          indentOnInput(),
          bracketMatching(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          EditorView.lineWrapping,
          tabKeys.current.of(tabKeymap(tabIndents)),
          keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
          language.current.of(languageFor(type, lang)),
          editable.current.of([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
          cmPlaceholder(placeholder ?? label),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          yCollab(text, awareness, { undoManager }),
          theme,
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      undoManager.destroy();
      view.current = null;
    };
    // The editor is rebuilt only for a different Y.Text; language and read-only switch in place.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, awareness]);

  useEffect(() => {
    view.current?.dispatch({ effects: language.current.reconfigure(languageFor(type, lang)) });
  }, [type, lang]);

  useEffect(() => {
    view.current?.dispatch({ effects: tabKeys.current.reconfigure(tabKeymap(tabIndents)) });
  }, [tabIndents]);

  useEffect(() => {
    view.current?.dispatch({ effects: editable.current.reconfigure([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]) });
  }, [readOnly]);

  return <div className={`cell-editor cell-editor-${type}`} ref={host} data-testid="cell-editor" />;
}

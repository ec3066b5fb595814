import type { CellContent, NotebookContent } from '@cohort/shared';

/**
 * A notebook as Markdown: `# title`, then every cell separated by a blank line. Markdown cells as they are;
 * code cells fenced with their `lang` (the fence grows past any backtick run inside the code); metrics cells
 * (CSV with a header row) as a table. The output ends with exactly one newline.
 */
export function notebookToMarkdown(content: NotebookContent): string {
  const blocks: string[] = [];
  if (content.title) blocks.push(`# ${content.title}`);
  for (const cell of content.cells) {
    const block = renderCell(cell);
    if (block !== '') blocks.push(block);
  }
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}

function renderCell(cell: CellContent): string {
  switch (cell.type) {
    case 'markdown':
      return trimBlankEdges(cell.source);
    case 'code':
      return fenced(cell.source, cell.lang);
    case 'metrics':
      return csvTable(cell.source);
  }
}

/** Leading and trailing blank lines only: indentation inside stays, since it means something in Markdown. */
const trimBlankEdges = (s: string): string => s.replace(/^(?:[ \t]*\r?\n)+/, '').replace(/(?:\r?\n[ \t]*)+$/, '').replace(/^[ \t]+$/, '');

function fenced(source: string, lang: string): string {
  const code = source.replace(/\r?\n$/, '');
  const longestRun = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  // An info string must stay one word: a lang with spaces or backticks would break the fence.
  const info = /^[\w+#.-]{1,40}$/.test(lang) ? lang : '';
  return `${fence}${info}\n${code}\n${fence}`;
}

/** Parses one CSV line: commas separate, double quotes quote, `""` is a quote inside quotes. */
function csvRow(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur.trim() === '') {
      quoted = true;
      cur = '';
    } else if (ch === ',') {
      cells.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  cells.push(quoted ? cur : cur.trim());
  return cells;
}

/** A table cell must not end the cell or the row early. */
const tableCell = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');

function csvTable(source: string): string {
  const rows = source
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map(csvRow);
  if (rows.length === 0) return '';
  const width = Math.max(...rows.map((r) => r.length));
  const line = (r: string[]) => `| ${Array.from({ length: width }, (_, i) => tableCell(r[i] ?? '')).join(' | ')} |`;
  const [header, ...body] = rows;
  return [line(header!), `|${' --- |'.repeat(width)}`, ...body.map(line)].join('\n');
}

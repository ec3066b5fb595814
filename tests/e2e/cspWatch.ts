import type { BrowserContext, Page } from 'playwright-core';

/** One thing the browser refused under the page's Content Security Policy, as the page saw it. */
export interface CspFinding {
  /** What the test was looking at (a route, a step). */
  where: string;
  kind: 'violation' | 'console';
  detail: Record<string, unknown>;
}

/**
 * Runs in every document before its own scripts: keeps each `securitypolicyviolation` event on `window`,
 * with the element it concerned (for an inline style or script) so a finding names its culprit.
 */
function recordViolations(): void {
  const w = window as unknown as { __cspViolations: unknown[] };
  w.__cspViolations = [];
  document.addEventListener(
    'securitypolicyviolation',
    (e) => {
      const target = e.target as { outerHTML?: string } | null;
      w.__cspViolations.push({
        effectiveDirective: e.effectiveDirective,
        violatedDirective: e.violatedDirective,
        blockedURI: e.blockedURI,
        sourceFile: e.sourceFile,
        line: e.lineNumber,
        column: e.columnNumber,
        sample: e.sample,
        disposition: e.disposition,
        element: target && typeof target.outerHTML === 'string' ? target.outerHTML.slice(0, 300) : String(e.target),
        documentURI: e.documentURI,
      });
    },
    true,
  );
}

/**
 * Watches the pages of a context for CSP violations: the DOM events the init script records and the console
 * errors Chromium prints for them ("Refused to ... because it violates the following Content Security Policy
 * directive"). `take(where)` collects what one page saw since the last call.
 */
export class CspWatch {
  readonly findings: CspFinding[] = [];
  private readonly consoleByPage = new Map<Page, string[]>();

  /** Adds the recorder to every document the context opens from now on. */
  async context(context: BrowserContext): Promise<void> {
    await context.addInitScript(recordViolations);
  }

  /** Starts listening to one page's console (call before it navigates anywhere). */
  page(page: Page): Page {
    const lines: string[] = [];
    this.consoleByPage.set(page, lines);
    page.on('console', (msg) => {
      const text = msg.text();
      if (/Content Security Policy|Refused to (apply|load|execute|connect|frame|display|create)/i.test(text)) {
        const loc = msg.location();
        lines.push(`${text} @ ${loc.url}:${loc.lineNumber}:${loc.columnNumber}`);
      }
    });
    return page;
  }

  /** Records what the page's current document reported, under `where`, and clears it. */
  async take(page: Page, where: string): Promise<CspFinding[]> {
    // Violation events are queued as tasks: let the page run one full turn before reading them.
    const events = await page.evaluate(
      () =>
        new Promise<unknown[]>((resolve) =>
          requestAnimationFrame(() =>
            setTimeout(() => {
              const w = window as unknown as { __cspViolations?: unknown[] };
              resolve((w.__cspViolations ?? []).splice(0));
            }, 0),
          ),
        ),
    );
    const found: CspFinding[] = [
      ...events.map((detail) => ({ where, kind: 'violation' as const, detail: detail as Record<string, unknown> })),
      ...(this.consoleByPage.get(page)?.splice(0) ?? []).map((text) => ({ where, kind: 'console' as const, detail: { text } })),
    ];
    this.findings.push(...found);
    return found;
  }
}

/** A finding with the code around the position its source file names, for a report a person can act on. */
export async function explain(finding: CspFinding): Promise<string> {
  const { sourceFile, line, column } = finding.detail as { sourceFile?: string; line?: number; column?: number };
  let context = '';
  if (sourceFile && /^https?:/.test(sourceFile) && line) {
    const text = await fetch(sourceFile).then((r) => r.text(), () => '');
    const source = text.split('\n')[line - 1] ?? '';
    const at = Math.max(0, (column ?? 1) - 1);
    context = `\n    code: …${source.slice(Math.max(0, at - 160), at + 160)}…`;
  }
  return `[${finding.where}] ${finding.kind}: ${JSON.stringify(finding.detail)}${context}`;
}

/**
 * The findings grouped by what was refused and where in the code (one library call usually fails on every
 * page), each explained once with the list of places it happened.
 */
export async function summarise(findings: CspFinding[]): Promise<string[]> {
  const groups = new Map<string, { first: CspFinding; where: string[] }>();
  for (const f of findings) {
    const { documentURI: _doc, element, ...rest } = f.detail as Record<string, unknown>;
    // An element's markup varies (a caret's colour and name); its tag and class say which code made it.
    const shape = typeof element === 'string' ? element.replace(/^(<[a-z]+(?: class="[^"]*")?).*$/s, '$1') : element;
    const key = JSON.stringify([f.kind, rest, shape]);
    const group = groups.get(key) ?? { first: f, where: [] };
    group.where.push(f.where);
    groups.set(key, group);
  }
  return Promise.all([...groups.values()].map(async ({ first, where }) => `${await explain(first)}\n    on ${where.length} page(s): ${where.join(' | ')}`));
}

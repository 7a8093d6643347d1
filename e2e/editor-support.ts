import { gzipSync } from 'node:zlib';
import { expect, type Locator, type Page } from '@playwright/test';

/** Waits until Monaco has mounted (the editor sets data-editor-ready on <html>). */
export async function waitForEditor(page: Page) {
  await expect(page.locator('.monaco-editor').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('html[data-editor-ready]')).toHaveCount(1, { timeout: 30_000 });
}

/** Types SQL with the keyboard, line by line; Escape closes completion before each Enter. */
export async function typeSql(page: Page, lines: string[]) {
  await page.locator('.monaco-editor .view-lines').first().click();
  for (const [index, line] of lines.entries()) {
    // Keys are paced like a quick typist's, so completion pops up as it does for people.
    await page.keyboard.type(line, { delay: 25 });
    await page.keyboard.press('Escape');
    if (index < lines.length - 1) await page.keyboard.press('Enter');
  }
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where the first whole word `word` is drawn on the first editor line that starts with
 * `lineStart` and holds it (any line by default), or null while no such line is drawn. Monaco
 * draws a line as spans of tokens (adjacent tokens of one colour as one span, `note, amount`) and
 * spaces as U+00A0, so the word is measured with a DOM range over the line's text nodes.
 */
export async function wordBox(page: Page, word: string, lineStart = ''): Promise<Box | null> {
  return page.locator('.monaco-editor .view-line').evaluateAll(
    (lines, [start, target]) => {
      interface TextNode {
        textContent: string | null;
      }
      const document = (
        globalThis as unknown as {
          document: {
            createTreeWalker(root: unknown, whatToShow: number): { nextNode(): TextNode | null };
            createRange(): {
              setStart(node: TextNode, offset: number): void;
              setEnd(node: TextNode, offset: number): void;
              getBoundingClientRect(): Box;
            };
          };
        }
      ).document;
      const SHOW_TEXT = 4;
      for (const line of lines) {
        const text = (line.textContent ?? '').replace(/\u00a0/g, ' ');
        const found = new RegExp(`(^|[^A-Za-z0-9_])${target}(?![A-Za-z0-9_])`).exec(text);
        if (!text.startsWith(start) || !found) continue;
        const from = found.index + found[1].length;
        const to = from + target.length;
        const range = document.createRange();
        const walker = document.createTreeWalker(line, SHOW_TEXT);
        let offset = 0;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const length = node.textContent?.length ?? 0;
          if (from >= offset && from < offset + length) range.setStart(node, from - offset);
          if (to > offset && to <= offset + length) range.setEnd(node, to - offset);
          offset += length;
        }
        const { x, y, width, height } = range.getBoundingClientRect();
        return { x, y, width, height };
      }
      return null;
    },
    [lineStart, word] as const,
  );
}

/** The boxes of what `locator` matches now (no waiting: none drawn yet is an empty list). */
export async function boxes(locator: Locator): Promise<Box[]> {
  return locator.evaluateAll((nodes) =>
    nodes.map((node) => {
      const { x, y, width, height } = (
        node as unknown as { getBoundingClientRect(): Box }
      ).getBoundingClientRect();
      return { x, y, width, height };
    }),
  );
}

/** Whether the two boxes overlap (both axes). */
export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The editor's text as rendered (Monaco draws spaces as non-breaking spaces). */
export async function editorText(page: Page): Promise<string> {
  // Lines in the order they are drawn (Monaco reuses line nodes, so DOM order may differ).
  const lines = await page
    .locator('.monaco-editor .view-line')
    .evaluateAll((nodes) =>
      nodes.map(
        (node) =>
          [
            Number.parseFloat((node as { style: { top: string } }).style.top),
            node.textContent ?? '',
          ] as const,
      ),
    );
  return [...lines]
    .sort((a, b) => a[0] - b[0])
    .map(([, text]) => text.replace(/\u00a0/g, ' '))
    .join('\n');
}

/** The cells of the visible result rows of the active result tab. */
export async function resultRows(page: Page): Promise<string[][]> {
  const rows = page.getByTestId('result-row');
  const count = await rows.count();
  const out: string[][] = [];
  for (let i = 0; i < count; i++) out.push(await rows.nth(i).locator('td').allInnerTexts());
  return out;
}

/** Records every same-origin JS response of a page load and sums their gzip sizes. */
export function collectJs(page: Page) {
  const bodies: Promise<number>[] = [];
  const foreign: string[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin !== new URL(page.url() || response.url()).origin) foreign.push(response.url());
    if (!url.pathname.endsWith('.js')) return;
    bodies.push(
      response
        .body()
        .then((body) => gzipSync(body).length)
        .catch(() => 0),
    );
  });
  return {
    async gzipKb() {
      const sizes = await Promise.all(bodies);
      return Math.round(sizes.reduce((a, b) => a + b, 0) / 1024);
    },
    foreign,
  };
}

/** axe violations of serious or critical impact, as `rule: targets` lines. */
export function seriousAxeIssues(results: {
  violations: { id: string; impact?: string | null; nodes: { target: unknown[] }[] }[];
}): string[] {
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Scrolls an element from top to bottom in `frames` steps, one step per animation frame, and
 * reports the frame times the page saw (requestAnimationFrame timestamps) while it rendered.
 */
export async function measureScrollFrames(target: Locator, frames: number) {
  return target.evaluate(async (element, steps) => {
    const el = element as unknown as {
      scrollTop: number;
      scrollHeight: number;
      clientHeight: number;
    };
    const raf = (
      globalThis as unknown as { requestAnimationFrame(cb: (t: number) => void): number }
    ).requestAnimationFrame;
    const stepPx = (el.scrollHeight - el.clientHeight) / steps;
    const stamps: number[] = [];
    await new Promise<void>((resolve) => {
      let i = 0;
      const tick = (t: number) => {
        stamps.push(t);
        if (i >= steps) return resolve();
        i++;
        el.scrollTop = Math.round(stepPx * i);
        raf(tick);
      };
      raf(tick);
    });
    const deltas = stamps.slice(1).map((t, i) => t - (stamps[i] ?? t));
    const sorted = [...deltas].sort((a, b) => a - b);
    const total = (stamps[stamps.length - 1] ?? 0) - (stamps[0] ?? 0);
    return {
      fps: Math.round((deltas.length / total) * 1000 * 10) / 10,
      p95Ms: Math.round((sorted[Math.floor(sorted.length * 0.95)] ?? 0) * 10) / 10,
      maxMs: Math.round((sorted[sorted.length - 1] ?? 0) * 10) / 10,
      reachedEnd: el.scrollTop + el.clientHeight >= el.scrollHeight - 1,
    };
  }, frames);
}

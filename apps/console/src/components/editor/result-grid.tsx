'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { Cell, ResultRow } from '~/workers/engine-protocol';
import { ValueCell } from './value-cell';

const ROW_HEIGHT = 28;
const DEFAULT_WIDTH = 160;
/**
 * Rows drawn beyond each edge of the viewport. Each one costs a row's rendering on every scroll
 * frame; a few keep the edges filled when the wheel moves a handful of rows at a time.
 */
const OVERSCAN = 4;

interface ResultGridProps {
  columns: string[];
  rows: ResultRow[];
  showOp: boolean;
  /** Bumps when rows were appended in place, so memoized sorting re-runs. */
  version: number;
  label: string;
}

function compareCells(a: ResultRow, b: ResultRow, index: number): number {
  const x = a.cells[index];
  const y = b.cells[index];
  if (!x || x.t === 'NULL') return y && y.t !== 'NULL' ? -1 : 0;
  if (!y || y.t === 'NULL') return 1;
  if (x.t === 'INTEGER' || x.t === 'DECIMAL' || x.t === 'FLOAT') {
    return Number(x.v) - Number(y.v) || x.v.localeCompare(y.v);
  }
  return x.v < y.v ? -1 : x.v > y.v ? 1 : 0;
}

/** The class of a plain cell: numbers right-aligned, NULL muted. */
const CELL_CLASS: Partial<Record<Cell['t'], string>> = {
  INTEGER: 'result-cell result-cell-number',
  DECIMAL: 'result-cell result-cell-number',
  FLOAT: 'result-cell result-cell-number',
  NULL: 'result-cell value-null',
};

/**
 * One cell. Numbers, strings and NULL are the cell's own text (no element inside: fewer elements
 * to style and lay out per scroll frame); TIMESTAMP and JSON need their own element.
 */
function GridCell({ cell, rowIndex }: { cell: Cell; rowIndex: number }) {
  if (cell.t === 'TIMESTAMP' || cell.t === 'JSON') {
    return (
      <td className="result-cell">
        <ValueCell cell={cell} rowKey={rowIndex} />
      </td>
    );
  }
  return (
    <td className={CELL_CLASS[cell.t] ?? 'result-cell'}>{cell.t === 'NULL' ? 'NULL' : cell.v}</td>
  );
}

interface GridRowProps {
  row: ResultRow;
  index: number;
  template: string;
  showOp: boolean;
  columns: string[];
}

/**
 * One drawn row. Rows are keyed by their position in the viewport and lie in the normal flow
 * below a spacer row, so scrolling changes their text and the spacer's height, not each row's
 * style (a style change per row per frame was most of a scroll frame's work when profiled).
 */
const GridRow = memo(function GridRow({ row, index, template, showOp, columns }: GridRowProps) {
  return (
    <tr
      aria-rowindex={index + 2}
      className="result-row"
      data-testid="result-row"
      style={{ gridTemplateColumns: template }}
    >
      {showOp ? (
        <td className={`result-cell op op-${row.op === '+I' ? 'insert' : 'update'}`}>{row.op}</td>
      ) : null}
      {row.cells.map((cell, i) => (
        <GridCell key={columns[i] ?? i} cell={cell} rowIndex={index} />
      ))}
    </tr>
  );
});

/** A virtualized grid: only visible rows are in the DOM, so 10,000+ rows scroll smoothly. */
export function ResultGrid({ columns, rows, showOp, version, label }: ResultGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [sort, setSort] = useState<{ index: number; descending: boolean } | null>(null);
  const [widths, setWidths] = useState<Record<string, number>>({});

  // biome-ignore lint/correctness/useExhaustiveDependencies: rows grow in place; version says when
  const sorted = useMemo(() => {
    if (!sort) return rows;
    const copy = [...rows];
    copy.sort((a, b) => compareCells(a, b, sort.index) * (sort.descending ? -1 : 1));
    return copy;
  }, [rows, sort, version]);

  // When the first rows are on screen (the frame after they rendered), for the e2e measurement
  // of preview click → first rows (previewClickedAt is set by the Preview action).
  const hasRows = rows.length > 0;
  useEffect(() => {
    if (!hasRows) return;
    const root = document.documentElement;
    if (root.dataset.previewFirstRowsAt) return;
    requestAnimationFrame(() => {
      root.dataset.previewFirstRowsAt = String(performance.now());
    });
  }, [hasRows]);

  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    // Scroll updates render with React's normal batching instead of a synchronous flush per
    // scroll event, which cost frames when 10,000-row results were scrolled fast.
    useFlushSync: false,
  });

  const items = virtualizer.getVirtualItems();
  const template = [
    showOp ? '56px' : null,
    ...columns.map((c) => `${widths[c] ?? DEFAULT_WIDTH}px`),
  ]
    .filter(Boolean)
    .join(' ');

  const startResize = (column: string, startX: number) => {
    const startWidth = widths[column] ?? DEFAULT_WIDTH;
    const move = (event: PointerEvent) =>
      setWidths((current) => ({
        ...current,
        [column]: Math.max(60, startWidth + event.clientX - startX),
      }));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  return (
    <div className="result-grid" data-testid="result-grid">
      <section
        className="result-grid-scroll"
        ref={scrollRef}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable so keyboard users can scroll it
        tabIndex={0}
        aria-label={label}
        data-testid="result-grid-scroll"
      >
        <table className="result-table" aria-rowcount={sorted.length + 1}>
          <thead>
            <tr
              className="result-row result-head"
              aria-rowindex={1}
              style={{ gridTemplateColumns: template }}
            >
              {showOp ? (
                <th scope="col" className="result-cell">
                  op
                </th>
              ) : null}
              {columns.map((column, index) => {
                const active = sort?.index === index;
                return (
                  <th
                    scope="col"
                    key={column}
                    className="result-cell"
                    aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                  >
                    <button
                      type="button"
                      className="result-sort"
                      onClick={() =>
                        setSort(active && sort.descending ? null : { index, descending: active })
                      }
                    >
                      {column}
                      <span aria-hidden="true">
                        {active ? (sort.descending ? ' ▼' : ' ▲') : ''}
                      </span>
                    </button>
                    <span
                      className="result-resize"
                      aria-hidden="true"
                      onPointerDown={(event) => startResize(column, event.clientX)}
                    />
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody className="result-body" style={{ height: virtualizer.getTotalSize() }}>
            {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row (no content, no tabIndex) that stands for the rows scrolled past; screen readers skip it */}
            <tr
              className="result-spacer"
              aria-hidden="true"
              style={{ height: items[0]?.start ?? 0 }}
            />
            {items.map((item, position) => (
              <GridRow
                // By position in the viewport: the same <tr>s show the next rows while scrolling.
                // biome-ignore lint/suspicious/noArrayIndexKey: deliberate — keyed by row index, every scroll step would replace the drawn rows
                key={position}
                row={sorted[item.index]!}
                index={item.index}
                template={template}
                showOp={showOp}
                columns={columns}
              />
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

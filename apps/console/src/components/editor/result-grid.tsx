'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { ResultRow } from '~/workers/engine-protocol';
import { ValueCell } from './value-cell';

const ROW_HEIGHT = 28;
const DEFAULT_WIDTH = 160;
/**
 * Rows drawn beyond each edge of the viewport. Each one costs a row's rendering on every scroll
 * frame; a few keep the edges filled when the wheel moves a handful of rows at a time.
 */
const OVERSCAN = 4;
/**
 * Row elements are keyed by slot (row index modulo this), so scrolling reuses the same <tr>s and
 * only their text changes instead of unmounting and creating DOM rows every frame. Larger than
 * any viewport's row count plus overscan, so two drawn rows never share a slot.
 */
const ROW_SLOTS = 128;

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

const NUMERIC = new Set(['INTEGER', 'DECIMAL', 'FLOAT']);

interface GridRowProps {
  row: ResultRow;
  index: number;
  start: number;
  template: string;
  showOp: boolean;
  columns: string[];
}

/**
 * One drawn row. Memoized: while scrolling, rows that stay in view (same slot, same row, same
 * offset) are not rendered again.
 */
const GridRow = memo(function GridRow({
  row,
  index,
  start,
  template,
  showOp,
  columns,
}: GridRowProps) {
  return (
    <tr
      aria-rowindex={index + 2}
      className="result-row"
      data-testid="result-row"
      style={{ gridTemplateColumns: template, transform: `translateY(${start}px)` }}
    >
      {showOp ? (
        <td className={`result-cell op op-${row.op === '+I' ? 'insert' : 'update'}`}>{row.op}</td>
      ) : null}
      {row.cells.map((cell, i) => (
        <td
          className={NUMERIC.has(cell.t) ? 'result-cell result-cell-number' : 'result-cell'}
          key={columns[i] ?? i}
        >
          <ValueCell cell={cell} rowKey={index} />
        </td>
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
            {virtualizer.getVirtualItems().map((item) => (
              <GridRow
                key={item.index % ROW_SLOTS}
                row={sorted[item.index]!}
                index={item.index}
                start={item.start}
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

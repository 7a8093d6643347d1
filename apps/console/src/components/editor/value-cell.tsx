'use client';

import { memo, useState } from 'react';
import type { Cell } from '~/workers/engine-protocol';

function localTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `Local time: ${date.toLocaleString()}`;
}

/** A JSON value: one line, or pretty-printed below it after a click. */
function JsonValue({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  return (
    <button
      type="button"
      className={open ? 'value-json value-json-open' : 'value-json'}
      aria-expanded={open}
      onClick={() => setOpen((value) => !value)}
    >
      {open ? <pre>{JSON.stringify(JSON.parse(text), null, 2)}</pre> : text}
    </button>
  );
}

/**
 * One value as the engine prints it; TIMESTAMP in UTC with local time on hover, JSON foldable.
 * `rowKey` names the row the cell belongs to, so a JSON cell's open state stays with its row when
 * the grid reuses the row element for another one while scrolling.
 */
export const ValueCell = memo(function ValueCell({
  cell,
  rowKey,
}: {
  cell: Cell;
  rowKey?: string | number;
}) {
  switch (cell.t) {
    case 'NULL':
      return <span className="value-null">NULL</span>;
    case 'INTEGER':
    case 'DECIMAL':
    case 'FLOAT':
      return <span className="value-number">{cell.v}</span>;
    case 'TIMESTAMP':
      return (
        <time
          className="value-time"
          dateTime={cell.v}
          // The local time is formatted when the pointer comes, not for every row drawn while
          // scrolling (toLocaleString is slow next to the rest of a cell's rendering).
          onPointerEnter={(event) => {
            event.currentTarget.title = localTime(cell.v);
          }}
        >
          {cell.v}
        </time>
      );
    case 'JSON':
      return <JsonValue key={rowKey} text={cell.v} />;
    default:
      return <span>{cell.v}</span>;
  }
});

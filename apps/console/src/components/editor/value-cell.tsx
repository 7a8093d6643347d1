'use client';

import { useState } from 'react';
import type { Cell } from '~/workers/engine-protocol';

function localTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `Local time: ${date.toLocaleString()}`;
}

/** One value as the engine prints it; TIMESTAMP in UTC with local time on hover, JSON foldable. */
export function ValueCell({ cell }: { cell: Cell }) {
  const [open, setOpen] = useState(false);
  switch (cell.t) {
    case 'NULL':
      return <span className="value-null">NULL</span>;
    case 'INTEGER':
    case 'DECIMAL':
    case 'FLOAT':
      return <span className="value-number">{cell.v}</span>;
    case 'TIMESTAMP':
      return (
        <time className="value-time" dateTime={cell.v} title={localTime(cell.v)}>
          {cell.v}
        </time>
      );
    case 'JSON':
      return (
        <button
          type="button"
          className={open ? 'value-json value-json-open' : 'value-json'}
          aria-expanded={open}
          onClick={() => setOpen((value) => !value)}
        >
          {open ? <pre>{JSON.stringify(JSON.parse(cell.v), null, 2)}</pre> : cell.v}
        </button>
      );
    default:
      return <span>{cell.v}</span>;
  }
}

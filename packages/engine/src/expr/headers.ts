/** HEADER / HAS_HEADER / HEADER_KEYS read the input headers; SET_HEADER / REMOVE_HEADER record
 * edits that the projection applies to the output record's headers. */
import { valueToText } from '../types/cast.ts';
import type { Value } from '../types/value.ts';
import type { Compiled, HeaderEdits } from './compile.ts';

const nullish = (v: Value | undefined): Value => (v === undefined ? null : v);

export function compileHeader(
  fn: string,
  args: Compiled[],
  edits: HeaderEdits | undefined,
): Compiled {
  const text = (v: Value) => (v === null ? null : typeof v === 'string' ? v : valueToText(v));
  switch (fn) {
    case 'HEADER':
      return (r) => {
        const k = text(args[0](r));
        if (k === null || !r.headers) return null;
        return nullish(r.headers[k]);
      };
    case 'HAS_HEADER':
      return (r) => {
        const k = text(args[0](r));
        if (k === null) return null;
        return r.headers !== undefined && Object.hasOwn(r.headers, k);
      };
    case 'HEADER_KEYS':
      return (r) => (r.headers ? Object.keys(r.headers).join(',') : '');
    case 'SET_HEADER':
      return (r) => {
        const k = text(args[0](r));
        const v = args[1](r);
        if (k !== null && edits) edits.edits.push([k, text(v)]);
        return v;
      };
    default:
      return (r) => {
        const k = text(args[0](r));
        if (k === null) return null;
        const old = r.headers ? nullish(r.headers[k]) : null;
        if (edits) edits.edits.push([k, null]);
        return old;
      };
  }
}

/**
 * Window specifications and sort items: `OVER w`, `OVER ([w] [PARTITION BY …] [ORDER BY …]
 * [ROWS|RANGE frame])` (also the bodies of `WINDOW w AS (…)`), and `expr [ASC|DESC] [NULLS
 * FIRST|LAST]` as ORDER BY uses it everywhere.
 */
import type {
  Expr,
  FrameBound,
  Identifier,
  OrderItem,
  Pos,
  WindowFrame,
  WindowSpec,
} from './ast.ts';
import type { Parser } from './parser-core.ts';
import { parseAdditive, parseExpr } from './parser-expr.ts';

export function parseOver(p: Parser): WindowSpec {
  const start = p.expectKeyword('OVER').span.start;
  // `OVER w`: a window named in the WINDOW clause (resolved by sql/named-windows.ts).
  if (p.isName()) {
    const ref = p.identifier('a window name');
    return {
      kind: 'over',
      ref,
      partitionBy: [],
      orderBy: [],
      frame: null,
      span: p.spanFrom(start),
    };
  }
  p.expectOp('(');
  return parseWindowSpecBody(p, start);
}

const SPEC_WORDS = ['PARTITION', 'ORDER', 'ROWS', 'RANGE'];

/**
 * `[w] [PARTITION BY …] [ORDER BY …] [frame] )` after the opening parenthesis, for OVER (…) and
 * the definitions of `WINDOW w AS (…)`; `w` names an earlier window this one starts from.
 */
export function parseWindowSpecBody(p: Parser, start: Pos): WindowSpec {
  let ref: Identifier | undefined;
  if (p.isName() && !SPEC_WORDS.some((w) => p.isKeyword(w))) ref = p.identifier('a window name');
  const partitionBy: Expr[] = [];
  if (p.acceptKeyword('PARTITION')) {
    p.expectKeyword('BY');
    partitionBy.push(parseExpr(p));
    while (p.acceptOp(',')) partitionBy.push(parseExpr(p));
  }
  const orderBy: OrderItem[] = [];
  if (p.acceptKeyword('ORDER')) {
    p.expectKeyword('BY');
    orderBy.push(parseOrderItem(p));
    while (p.acceptOp(',')) orderBy.push(parseOrderItem(p));
  }
  let frame: WindowFrame | null = null;
  if (p.isKeyword('ROWS') || p.isKeyword('RANGE')) frame = parseFrame(p);
  if (!p.isOp(')')) p.fail('")"', SPEC_WORDS);
  p.next();
  const spec: WindowSpec = { kind: 'over', partitionBy, orderBy, frame, span: p.spanFrom(start) };
  if (ref) spec.ref = ref;
  return spec;
}

export function parseOrderItem(p: Parser): OrderItem {
  const expr = parseExpr(p);
  const start: Pos = expr.span.start;
  let direction: 'ASC' | 'DESC' = 'ASC';
  if (p.acceptKeyword('DESC')) direction = 'DESC';
  else p.acceptKeyword('ASC');
  let nulls: 'FIRST' | 'LAST' | null = null;
  if (p.acceptKeyword('NULLS')) {
    if (p.acceptKeyword('FIRST')) nulls = 'FIRST';
    else {
      p.expectKeyword('LAST', 'FIRST or LAST');
      nulls = 'LAST';
    }
  }
  return { kind: 'order_item', expr, direction, nulls, span: p.spanFrom(start) };
}

function parseFrame(p: Parser): WindowFrame {
  const unitTok = p.next();
  const unit = unitTok.value as 'ROWS' | 'RANGE';
  const start = unitTok.span.start;
  if (p.acceptKeyword('BETWEEN')) {
    const lo = parseFrameBound(p);
    p.expectKeyword('AND');
    const hi = parseFrameBound(p);
    return { kind: 'frame', unit, start: lo, end: hi, span: p.spanFrom(start) };
  }
  const lo = parseFrameBound(p);
  const current: FrameBound = {
    kind: 'frame_bound',
    type: 'CURRENT_ROW',
    offset: null,
    span: lo.span,
  };
  return { kind: 'frame', unit, start: lo, end: current, span: p.spanFrom(start) };
}

function parseFrameBound(p: Parser): FrameBound {
  const start = p.peek().span.start;
  if (p.acceptKeyword('UNBOUNDED')) {
    if (p.acceptKeyword('PRECEDING')) {
      return {
        kind: 'frame_bound',
        type: 'UNBOUNDED_PRECEDING',
        offset: null,
        span: p.spanFrom(start),
      };
    }
    p.expectKeyword('FOLLOWING', 'PRECEDING or FOLLOWING');
    return {
      kind: 'frame_bound',
      type: 'UNBOUNDED_FOLLOWING',
      offset: null,
      span: p.spanFrom(start),
    };
  }
  if (p.acceptKeyword('CURRENT')) {
    p.expectKeyword('ROW');
    return { kind: 'frame_bound', type: 'CURRENT_ROW', offset: null, span: p.spanFrom(start) };
  }
  const offset = parseAdditive(p);
  if (p.acceptKeyword('PRECEDING')) {
    return { kind: 'frame_bound', type: 'PRECEDING', offset, span: p.spanFrom(start) };
  }
  p.expectKeyword('FOLLOWING', 'PRECEDING or FOLLOWING');
  return { kind: 'frame_bound', type: 'FOLLOWING', offset, span: p.spanFrom(start) };
}

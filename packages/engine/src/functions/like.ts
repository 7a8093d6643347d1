/** SQL LIKE: `%` any run, `_` one character (code point); escapeChar defaults to backslash. */
const cache = new Map<string, RegExp>();

export function likeToRegExp(pattern: string, escapeChar = '\\', caseInsensitive = false): RegExp {
  const key = `${caseInsensitive ? 'i' : 's'}${escapeChar}\u0000${pattern}`;
  let re = cache.get(key);
  if (re !== undefined) return re;
  let source = '^';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (escapeChar !== '' && c === escapeChar && i + 1 < chars.length) {
      source += escapeRegExp(chars[++i]);
    } else if (c === '%') {
      source += '.*';
    } else if (c === '_') {
      source += '.';
    } else {
      source += escapeRegExp(c);
    }
  }
  re = new RegExp(`${source}$`, caseInsensitive ? 'isu' : 'su');
  if (cache.size > 1000) cache.clear();
  cache.set(key, re);
  return re;
}

function escapeRegExp(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}

export function like(
  value: string,
  pattern: string,
  escapeChar?: string,
  caseInsensitive = false,
): boolean {
  // fast paths for the common 'abc%', '%abc', '%abc%' shapes without wildcards inside
  if (
    !caseInsensitive &&
    escapeChar === undefined &&
    !pattern.includes('\\') &&
    !pattern.includes('_')
  ) {
    const inner = pattern.slice(1, -1);
    if (!pattern.includes('%')) return value === pattern;
    if (pattern.endsWith('%') && !pattern.slice(0, -1).includes('%'))
      return value.startsWith(pattern.slice(0, -1));
    if (pattern.startsWith('%') && !pattern.slice(1).includes('%'))
      return value.endsWith(pattern.slice(1));
    if (
      pattern.length >= 2 &&
      pattern.startsWith('%') &&
      pattern.endsWith('%') &&
      !inner.includes('%')
    ) {
      return value.includes(inner);
    }
  }
  return likeToRegExp(pattern, escapeChar ?? '\\', caseInsensitive).test(value);
}

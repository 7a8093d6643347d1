/**
 * Whether a source's input ends, from its URI scheme and parameters (the connectors' rules):
 * ORDER BY, EMIT FINAL without a window and whole-partition window functions need the end.
 * null: not known here (a name the caller binds), treated as ending.
 */
export function sourceBounded(
  scheme: string | null,
  params: Record<string, string>,
): boolean | null {
  const on = (key: string) => params[key]?.toLowerCase() === 'true';
  const off = (key: string) => params[key]?.toLowerCase() === 'false';
  switch (scheme) {
    case 'file':
      // `watch=true` keeps reading new files of a glob.
      return !on('watch');
    case 'stdin':
      return true;
    case 'kafka':
      return false;
    case 'datagen':
      return params.limit !== undefined;
    case 'postgresql':
    case 'postgres':
      // CDC never ends; a cursor column is followed (polled) unless `follow=false`.
      if (on('cdc') || on('follow')) return false;
      return params['cursor.column'] === undefined || off('follow');
    default:
      return null;
  }
}

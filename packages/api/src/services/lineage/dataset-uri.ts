/**
 * The name a dataset has in the lineage graph and in OpenLineage events: its URI without
 * credentials or read options, so every job that reads or writes the same topic, table or
 * file meets the same node. `kafka://@orders-cluster/orders` (a saved connection) stays as it
 * is; `postgresql://user:pw@db:5432/shop?table=orders` becomes `postgresql://db:5432/shop/orders`.
 */
export interface DatasetName {
  /** Normalized URI: the node's identity. */
  uri: string;
  /** OpenLineage namespace (scheme + authority) and name (the rest). */
  namespace: string;
  name: string;
}

/** Query parameters that name the dataset itself (the rest are read/write options). */
const IDENTITY_PARAMS: Record<string, string[]> = {
  postgresql: ['table'],
  postgres: ['table'],
};

export function datasetName(raw: string): DatasetName {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/.exec(raw.trim());
  if (!match) return { uri: raw, namespace: 'velo', name: raw };
  const scheme = match[1].toLowerCase() === 'postgres' ? 'postgresql' : match[1].toLowerCase();
  let authority = match[2];
  const at = authority.lastIndexOf('@');
  // `@name` (a saved connection) keeps its marker; `user:pw@host` loses the credentials.
  if (at > 0) authority = authority.slice(at + 1);
  authority = authority
    .toLowerCase()
    .split(',')
    .filter((h) => h !== '')
    .sort()
    .join(',');
  let path = match[3].replace(/\/+$/, '');
  const params = new URLSearchParams(match[4] ?? '');
  for (const key of IDENTITY_PARAMS[scheme] ?? []) {
    const value = params.get(key);
    if (value) path += `/${value}`;
  }
  const namespace = `${scheme}://${authority}`;
  return { uri: `${namespace}${path}`, namespace, name: path.replace(/^\//, '') || authority };
}

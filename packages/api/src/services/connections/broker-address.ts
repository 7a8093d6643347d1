/** "host:port" (or "[v6]:port") split into its host and port. */
export function brokerAddress(broker: string): { host: string; port: number } {
  const colon = broker.lastIndexOf(':');
  return {
    host: broker.slice(0, colon).replace(/^\[(.*)\]$/, '$1'),
    port: Number(broker.slice(colon + 1)),
  };
}

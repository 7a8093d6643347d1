import { confineFilePath, type EgressPolicy, resolveEgress } from '@velo/connectors/egress';
import { brokerAddress } from './broker-address.ts';

/**
 * Checks every endpoint of a saved connection against the egress policy before a preview opens
 * it (hosts resolved, file paths confined): throws EgressDeniedError naming the first refused
 * one. The connectors check again at connect time (see docs/operations.md, Egress).
 */
export async function checkConnectionEgress(
  type: string,
  config: Record<string, unknown>,
  policy: EgressPolicy,
): Promise<void> {
  switch (type) {
    case 'postgresql':
      await resolveEgress(String(config.host), Number(config.port), policy);
      return;
    case 'kafka':
      for (const broker of (config.brokers as string[] | undefined) ?? []) {
        const { host, port } = brokerAddress(broker);
        await resolveEgress(host, port, policy);
      }
      return;
    case 'file':
      await confineFilePath(String(config.path), policy);
      return;
    default:
      return;
  }
}

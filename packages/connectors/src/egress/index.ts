export { SASL_PLAIN_REFUSED, saslCleartextProblem } from '../kafka/sasl-policy.ts';
export { EgressDeniedError, egressProblem, normalizeHost } from './address.ts';
export { configureEgress, currentEgressPolicy } from './current.ts';
export { confineExistingFileSync, confineFilePath } from './file-root.ts';
export { egressHttpAgent } from './http-agent.ts';
export {
  type Cidr,
  type EgressEnv,
  type EgressPolicy,
  EMBEDDED_FILE_ROOT,
  egressMode,
  egressPolicyFromEnv,
  parseCidrList,
  ZEgressEnv,
} from './policy.ts';
export { CLEARTEXT_REFUSED, refuseCleartextPassword } from './postgres-auth.ts';
export {
  type EgressTarget,
  egressLookup,
  egressSocketFactory,
  type LookupAll,
  resolveEgress,
} from './resolve.ts';

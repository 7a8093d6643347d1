import { describe, expect, it } from 'vitest';
import { egressProblem, normalizeHost } from './address.ts';
import { type EgressPolicy, egressPolicyFromEnv, parseCidrList } from './policy.ts';

const embedded: EgressPolicy = egressPolicyFromEnv({}, { cwd: '/srv' });
const production: EgressPolicy = egressPolicyFromEnv(
  { NODE_ENV: 'production', VELO_FILE_ROOT: '/data' },
  { ownPorts: [3000] },
);

describe('normalizeHost', () => {
  it.each([
    ['2130706433', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['[::1]', '::1'],
    ['::ffff:169.254.169.254', '169.254.169.254'],
    ['db.internal', null],
  ])('%s -> %s', (host, expected) => {
    expect(normalizeHost(host)).toBe(expected);
  });
});

describe('egressProblem', () => {
  it('always refuses link-local and metadata addresses, in every notation', () => {
    for (const policy of [embedded, production]) {
      for (const address of ['169.254.169.254', 'fe80::1', 'fd00:ec2::254', '100.100.100.200']) {
        expect(egressProblem(address, 80, policy)).toBe(
          `${normalizeHost(address)} is a link-local or cloud metadata address, which connections may never reach`,
        );
      }
      expect(egressProblem('::ffff:169.254.169.254', 80, policy)).toMatch(/^169\.254\.169\.254 is/);
      expect(egressProblem('64:ff9b::a9fe:a9fe', 80, policy)).toMatch(/link-local or cloud/);
    }
  });

  it('allows loopback in embedded mode and refuses it in production', () => {
    expect(egressProblem('127.0.0.1', 9092, embedded)).toBeNull();
    expect(egressProblem('::1', 9092, embedded)).toBeNull();
    expect(egressProblem('127.0.0.1', 9092, production)).toBe(
      '127.0.0.1 is a loopback address, which production mode does not reach',
    );
    expect(egressProblem('0.0.0.0', 5432, production)).toBe(
      '0.0.0.0 is a loopback address, which production mode does not reach',
    );
    expect(egressProblem('10.1.2.3', 5432, production)).toBeNull();
  });

  it('applies VELO_EGRESS_DENY and VELO_EGRESS_ALLOW; ALLOW never reopens link-local', () => {
    const policy = {
      ...production,
      allow: parseCidrList('10.0.0.0/8, 127.0.0.1, 169.254.0.0/16'),
      deny: parseCidrList('10.9.0.0/16'),
    };
    expect(egressProblem('10.1.2.3', 5432, policy)).toBeNull();
    expect(egressProblem('127.0.0.1', 5432, policy)).toBeNull();
    expect(egressProblem('10.9.1.1', 5432, policy)).toBe('10.9.1.1 is denied by VELO_EGRESS_DENY');
    expect(egressProblem('192.168.1.1', 5432, policy)).toBe(
      '192.168.1.1 is not in VELO_EGRESS_ALLOW',
    );
    expect(egressProblem('169.254.169.254', 80, policy)).toMatch(/link-local/);
  });

  it('rejects malformed CIDR lists with the offending entry', () => {
    expect(() => parseCidrList('10.0.0.0/8, nonsense')).toThrow(
      '"nonsense" is not an IP address or CIDR range',
    );
    expect(() => parseCidrList('10.0.0.0/40')).toThrow('"10.0.0.0/40" is not a CIDR range');
  });

  it('requires VELO_FILE_ROOT in production and defaults it in embedded mode', () => {
    expect(() => egressPolicyFromEnv({ NODE_ENV: 'production' })).toThrow(
      'VELO_FILE_ROOT is not set; refusing to run in production mode without it',
    );
    // `next start` runs the embedded console with NODE_ENV=production: VELO_MODE says which.
    const local = egressPolicyFromEnv(
      { NODE_ENV: 'production', VELO_MODE: 'embedded' },
      { cwd: '/srv' },
    );
    expect(local.mode).toBe('embedded');
    expect(local.fileRoot).toBe('/srv/.velo/files');
    expect(egressProblem('127.0.0.1', 9092, local)).toBeNull();
    expect(embedded.fileRoot).toBe('/srv/.velo/files');
  });
});

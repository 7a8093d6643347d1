import { describe, expect, it } from 'vitest';
import {
  canonicalIp,
  forwardedClientIp,
  NO_TRUSTED_PROXY,
  parseTrustProxy,
  rewriteClientAddressHeaders,
} from './trusted-proxy';

const xff = (value: string) => new Headers({ 'x-forwarded-for': value });

describe('canonicalIp', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['999.1.1.1', null],
    ['2130706433', null],
    ['<script>', null],
    ['fe80::1%eth0', null],
    ['[::1]', null],
  ])('%s → %s', (text, expected) => {
    expect(canonicalIp(text)).toBe(expected);
  });
});

describe('the client address behind trusted proxies', () => {
  it('with no trusted proxy, believes nothing the client wrote', () => {
    expect(forwardedClientIp(xff('203.0.113.7'), NO_TRUSTED_PROXY)).toBeUndefined();
  });

  it('with one proxy (true), takes the address that proxy appended, not what the client wrote', () => {
    const one = parseTrustProxy('true');
    expect(forwardedClientIp(xff('198.51.100.9'), one)).toBe('198.51.100.9');
    expect(forwardedClientIp(xff('6.6.6.6, 198.51.100.9'), one)).toBe('198.51.100.9');
    expect(forwardedClientIp(xff('1.1.1.1, 2.2.2.2, 198.51.100.9'), one)).toBe('198.51.100.9');
  });

  it('with N proxies, takes the Nth address from the right', () => {
    const two = parseTrustProxy('2');
    expect(forwardedClientIp(xff('203.0.113.7, 10.0.0.2'), two)).toBe('203.0.113.7');
    expect(forwardedClientIp(xff('6.6.6.6, 203.0.113.7, 10.0.0.2'), two)).toBe('203.0.113.7');
    expect(forwardedClientIp(xff('spoofed, 203.0.113.7, 10.0.0.2'), two)).toBe('203.0.113.7');
  });

  it('with the proxies’ CIDRs, takes the rightmost address outside them', () => {
    const cidrs = parseTrustProxy('10.0.0.0/8, 2001:db8::/32');
    expect(forwardedClientIp(xff('6.6.6.6, 203.0.113.7, 10.0.0.2, 10.9.9.9'), cidrs)).toBe(
      '203.0.113.7',
    );
    expect(forwardedClientIp(xff('203.0.113.7, 2001:db8::5'), cidrs)).toBe('203.0.113.7');
    // Only proxies: the leftmost is the best there is.
    expect(forwardedClientIp(xff('10.0.0.1, 10.0.0.2'), cidrs)).toBe('10.0.0.1');
    // A malformed entry where the proxies write: nobody is believed.
    expect(forwardedClientIp(xff('203.0.113.7, junk, 10.0.0.2'), cidrs)).toBeUndefined();
  });

  it('falls back to X-Real-IP only behind a trusted proxy', () => {
    const headers = new Headers({ 'x-real-ip': '198.51.100.4' });
    expect(forwardedClientIp(headers, parseTrustProxy('1'))).toBe('198.51.100.4');
    expect(forwardedClientIp(headers, NO_TRUSTED_PROXY)).toBeUndefined();
  });

  it('leaves exactly the vouched-for address in the headers', () => {
    const trusted = xff('6.6.6.6, 198.51.100.9');
    trusted.set('x-real-ip', '7.7.7.7');
    rewriteClientAddressHeaders(trusted, parseTrustProxy('1'));
    expect([trusted.get('x-forwarded-for'), trusted.get('x-real-ip')]).toEqual([
      '198.51.100.9',
      null,
    ]);
    const untrusted = xff('6.6.6.6');
    rewriteClientAddressHeaders(untrusted, NO_TRUSTED_PROXY);
    expect(untrusted.get('x-forwarded-for')).toBeNull();
  });
});

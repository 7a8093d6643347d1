import { describe, expect, it } from 'vitest';
import { capPayload, payloadText, toDeadLetterRow } from './dead-letters.ts';

describe('dead-letter rows', () => {
  it('decodes text sent as bytes and keeps binary as base64', () => {
    expect(payloadText(Buffer.from('{"a":').toString('base64'), 'base64')).toBe('{"a":');
    expect(payloadText(Buffer.from([0xff, 0xfe]).toString('base64'), 'base64')).toBe('base64://4=');
    expect(payloadText('plain', 'utf8')).toBe('plain');
  });

  it('caps payloads on a character boundary', () => {
    expect(capPayload('abcdef', 4)).toEqual({ payload: 'abcd', truncated: true });
    expect(capPayload('ééé', 3)).toEqual({ payload: 'é', truncated: true });
    expect(capPayload('abc', 4)).toEqual({ payload: 'abc', truncated: false });
  });

  it('names the SQL position of runtime failures and the source location of decode failures', () => {
    const base = {
      sourceId: 's',
      sourceUri: 'file:///in.jsonl',
      position: 1,
      encoding: 'utf8' as const,
    };
    expect(
      toDeadLetterRow(
        'j',
        { ...base, kind: 'decode', raw: '{', reason: 'bad JSON', location: '/in.jsonl:3' },
        100,
      ),
    ).toEqual({
      jobId: 'j',
      reason: 'bad JSON',
      source: 'file:///in.jsonl',
      position: '/in.jsonl:3',
      payload: '{',
      payloadTruncated: false,
    });
    const runtime = toDeadLetterRow(
      'j',
      {
        ...base,
        kind: 'runtime',
        raw: null,
        reason: 'division by zero',
        sqlLine: 2,
        sqlColumn: 9,
        record: { fields: { n: 1n }, eventTime: 0 },
      },
      100,
    );
    expect([runtime.position, runtime.payload]).toEqual(['line 2, column 9', '{"n":"1"}']);
  });
});

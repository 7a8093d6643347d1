import { expect, it } from 'vitest';
import { connectorSchemes, createSink, createSource, validateConnectorUri } from './registry.ts';

it('knows file, datagen and stdout', () => {
  expect(connectorSchemes()).toEqual(expect.arrayContaining(['datagen', 'file', 'stdout']));
});

it('rejects unknown schemes and non-URIs with a clear message', async () => {
  await expect(createSource('ftp://x/y')).rejects.toThrow("no connector for 'ftp:' URIs");
  await expect(createSource('orders.jsonl')).rejects.toThrow(
    "'orders.jsonl' is not a URI (expected e.g. file:///data/orders.jsonl)",
  );
  await expect(createSink('datagen://orders')).rejects.toThrow("'datagen:' cannot be written to");
});

it('validates URIs without opening anything', () => {
  expect(validateConnectorUri('file:///tmp/x.csv?format=csv&delimiter=;')).toBeNull();
  expect(validateConnectorUri('file:///tmp/x.csv?format=xml')).toMatch(
    /invalid parameter 'format'/,
  );
  expect(validateConnectorUri('file://host/x.csv')).toBe(
    "file URI must be absolute (file:///path), got 'file://host/x.csv'",
  );
  expect(validateConnectorUri('datagen://orders?rate=-1')).toMatch(/invalid parameter 'rate'/);
});

/**
 * Avro values with the schema from a file (`avro.schema.file=`, plain Avro binary) or from a
 * Confluent-compatible schema registry (`schema.registry.url=`, the Confluent wire format:
 * magic byte 0, 4-byte schema id, Avro binary). Reading through the registry decodes each
 * message with the writer schema its id names; writing registers (or looks up) the schema
 * under `schema.registry.subject` (default `<topic>-value`).
 */
import { readFile } from 'node:fs/promises';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type avro from 'avsc';
import { currentEgressPolicy } from '../../egress/current.ts';
import { confineFilePath } from '../../egress/file-root.ts';
import { egressHttpAgent } from '../../egress/http-agent.ts';
import {
  AVRO_OPTIONS,
  compileFromAvro,
  compileRecordWriter,
  parseAvroSchema,
} from './avro-types.ts';
import { type Decoded, DecodeFailure, type ValueDecoder, type ValueEncoder } from './codec.ts';

export interface AvroFormat {
  schemaFile?: string;
  registryUrl?: string;
  subject: string;
}

async function schemaFromFile(path: string): Promise<unknown> {
  // Under the egress policy the schema file, like file: URIs, must lie inside VELO_FILE_ROOT.
  const policy = currentEgressPolicy();
  const real = policy ? await confineFilePath(path, policy) : path;
  let text: string;
  try {
    text = await readFile(real, 'utf8');
  } catch (e) {
    throw new Error(`cannot read Avro schema '${path}': ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`Avro schema '${path}' is not JSON: ${(e as Error).message}`);
  }
}

function registryClient(url: string): SchemaRegistry {
  // Under the egress policy the registry's address is checked like a broker's.
  const policy = currentEgressPolicy();
  const agent = policy ? egressHttpAgent(policy, url) : undefined;
  return new SchemaRegistry(
    { host: url.replace(/\/$/, ''), retry: { retries: 2 }, ...(agent ? { agent } : {}) },
    { [SchemaType.AVRO]: AVRO_OPTIONS },
  );
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function avroDecoder(format: AvroFormat): Promise<ValueDecoder> {
  if (format.registryUrl) {
    const registry = registryClient(format.registryUrl);
    const readers = new Map<avro.Type, (v: unknown) => unknown>();
    return {
      async decode(values) {
        const out: Decoded[] = [];
        for (const v of values) {
          if (v.length < 5 || v[0] !== 0) {
            out.push(
              new DecodeFailure(
                'not in the schema-registry wire format (magic byte 0 + schema id)',
              ),
            );
            continue;
          }
          try {
            const type = (await registry.getSchema(v.readInt32BE(1))) as unknown as avro.Type;
            let read = readers.get(type);
            if (read === undefined) {
              read = compileFromAvro(type);
              readers.set(type, read);
            }
            const fields = read(type.fromBuffer(v.subarray(5)));
            out.push(fields as Decoded);
          } catch (e) {
            out.push(new DecodeFailure(`invalid Avro: ${reason(e)}`));
          }
        }
        return out;
      },
    };
  }
  const type = parseAvroSchema(await schemaFromFile(format.schemaFile as string));
  if (type.typeName !== 'record') throw new Error('the Avro schema must be a record');
  const read = compileFromAvro(type);
  return {
    decode(values) {
      return values.map((v) => {
        try {
          return read(type.fromBuffer(v)) as Decoded;
        } catch (e) {
          return new DecodeFailure(`invalid Avro: ${reason(e)}`);
        }
      });
    },
  };
}

export async function avroEncoder(format: AvroFormat): Promise<ValueEncoder> {
  let type: avro.Type;
  let prefix: Buffer | undefined;
  if (format.registryUrl) {
    const registry = registryClient(format.registryUrl);
    let id: number;
    try {
      if (format.schemaFile) {
        const schema = await schemaFromFile(format.schemaFile);
        ({ id } = await registry.register(
          { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
          { subject: format.subject },
        ));
      } else {
        id = await registry.getLatestSchemaId(format.subject);
      }
      type = (await registry.getSchema(id)) as unknown as avro.Type;
    } catch (e) {
      throw new Error(
        `schema registry ${format.registryUrl} (subject ${format.subject}): ${reason(e)}`,
      );
    }
    prefix = Buffer.alloc(5);
    prefix.writeInt32BE(id, 1);
  } else {
    type = parseAvroSchema(await schemaFromFile(format.schemaFile as string));
  }
  const write = compileRecordWriter(type);
  return {
    encode(columns, records) {
      return records.map((r) => {
        const body = type.toBuffer(write(columns, r));
        return prefix ? Buffer.concat([prefix, body]) : body;
      });
    },
  };
}

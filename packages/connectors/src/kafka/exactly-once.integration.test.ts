/**
 * `delivery=exactly_once` on the real broker: output becomes visible to read_committed readers
 * only with commitTransaction, together with the source offsets; a second producer with the
 * same transactional id aborts the first one's open transaction and fences it.
 */
import type { EngineRecord } from '@velo/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { createSink } from '../registry.ts';
import {
  committedTransactionOffsets,
  positionsCommitted,
  transactionOffsets,
} from './exactly-once.ts';
import type { KafkaSink } from './sink.ts';
import { BROKERS, consumeAll, createTopic, deleteTopic, uniqueName } from './test-support.ts';

const topics: string[] = [];
afterAll(async () => {
  for (const t of topics) await deleteTopic(t);
});

const rows = (ids: number[]): EngineRecord[] =>
  ids.map((id) => ({ fields: { id: BigInt(id) }, eventTime: 0 }));

describe('kafka sink delivery=exactly_once', () => {
  it('commits output with the offsets; a new owner aborts and fences the old one', async () => {
    const input = await createTopic('velo-eo-in', 2);
    const output = await createTopic('velo-eo-out', 1);
    topics.push(input, output);
    const txnId = uniqueName('velo-eo-test');
    const uri = `kafka://${BROKERS}/${output}?delivery=exactly_once&transactional.id=${txnId}`;
    const first = (await createSink(uri)) as KafkaSink;
    expect(first.transactionalId).toBe(txnId);
    await first.writeBatch(['id'], rows([1, 2, 3]));
    const atCheckpoint = {
      [`'kafka://x/${input}'`]: { topic: input, offsets: { 0: '7', 1: '2' } },
    };
    await first.commitTransaction(transactionOffsets(atCheckpoint));
    // written after the checkpoint, then the owner is replaced before its next checkpoint
    await first.writeBatch(['id'], rows([4, 5]));
    await first.flush();
    const second = (await createSink(uri)) as KafkaSink;
    await expect(first.commitTransaction([])).rejects.toThrow(
      `kafka: cannot commit the transaction of '${uri}'`,
    );
    await second.writeBatch(['id'], rows([4, 5, 6]));
    const later = { s: { topic: input, offsets: { 0: '9', 1: '2' } } };
    await second.commitTransaction(transactionOffsets(later));
    await second.close();
    await first.close().catch(() => {});

    // kafkajs consumers read read_committed: the aborted 4, 5 never show
    const read = await consumeAll(output, 6);
    expect(read.map((m) => JSON.parse(String(m.value)).id)).toEqual([1, 2, 3, 4, 5, 6]);

    const committed = await committedTransactionOffsets(uri, [input]);
    expect(committed).toEqual(
      new Map([
        [`${input}/0`, '9'],
        [`${input}/1`, '2'],
      ]),
    );
    expect(positionsCommitted(later, committed)).toBe(true);
    expect(positionsCommitted(atCheckpoint, committed)).toBe(false);
  });

  it('needs a transactional id: only a checkpointing caller commits the output', async () => {
    const output = await createTopic('velo-eo-noid', 1);
    topics.push(output);
    const uri = `kafka://${BROKERS}/${output}?delivery=exactly_once`;
    await expect(createSink(uri)).rejects.toThrow(
      `kafka: delivery=exactly_once needs a transactional.id in '${uri}' (jobs run by the worker get one per job and task; velo run and previews do not commit transactions)`,
    );
  });

  it('an exactly-once sink that closes without a commit leaves nothing visible', async () => {
    const output = await createTopic('velo-eo-abort', 1);
    topics.push(output);
    const uri = `kafka://${BROKERS}/${output}?delivery=exactly_once&transactional.id=${uniqueName('velo-eo-test')}`;
    const sink = await createSink(uri);
    await sink.writeBatch(['id'], rows([1, 2]));
    await sink.flush();
    await sink.close();
    const marker = await createSink(`kafka://${BROKERS}/${output}`);
    await marker.writeBatch(['id'], rows([99]));
    await marker.close();
    const read = await consumeAll(output, 1);
    expect(read.map((m) => JSON.parse(String(m.value)).id)).toEqual([99]);
  });
});

/**
 * Partition assignment for the tasks of a parallel job: the N tasks are members of one consumer
 * group, and task i gets exactly the partitions p with p % N == i of each topic. Each member
 * says which task it is in its metadata's userData, so the assignment depends only on the
 * tasks, not on member ids or join order: it is sticky across restarts and rebalances, and a
 * task's checkpointed offsets always cover the partitions it gets again. A partition whose task
 * is not in the group (yet) stays unassigned rather than going to another task, which would mix
 * it into that task's state and positions. When two members claim the same task (a fenced
 * worker's consumer that has not left yet), the one with the higher lease epoch wins.
 */
import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

export const TASK_ASSIGNER_NAME = 'VeloTaskAssigner';
const VERSION = 1;

/** Which task a consumer belongs to. */
export interface KafkaTaskMember {
  index: number;
  count: number;
  /** The task's lease epoch: the newer claim wins a duplicate. */
  epoch: number;
}

export function encodeTaskMember(task: KafkaTaskMember): Buffer {
  return Buffer.from(JSON.stringify({ i: task.index, n: task.count, e: task.epoch }));
}

export function decodeTaskMember(userData: Buffer | null | undefined): KafkaTaskMember | null {
  if (!userData || userData.length === 0) return null;
  try {
    const v = JSON.parse(userData.toString('utf8')) as { i?: unknown; n?: unknown; e?: unknown };
    if (typeof v.i !== 'number' || typeof v.n !== 'number' || v.n < 1) return null;
    return { index: v.i, count: v.n, epoch: typeof v.e === 'number' ? v.e : 0 };
  } catch {
    return null;
  }
}

/**
 * Pure assignment: members (id + task) and each topic's partitions → partitions per member and
 * topic. Every member appears in the result (an empty assignment when it gets nothing).
 */
export function assignTaskPartitions(
  members: { memberId: string; task: KafkaTaskMember | null }[],
  partitions: Record<string, number[]>,
): Map<string, Record<string, number[]>> {
  const out = new Map<string, Record<string, number[]>>();
  for (const m of members) out.set(m.memberId, {});
  for (const [topic, ids] of Object.entries(partitions)) {
    for (const p of [...ids].sort((a, b) => a - b)) {
      let owner: { memberId: string; task: KafkaTaskMember } | null = null;
      for (const m of members) {
        const t = m.task;
        if (!t || p % t.count !== t.index) continue;
        if (
          !owner ||
          t.epoch > owner.task.epoch ||
          (t.epoch === owner.task.epoch && m.memberId > owner.memberId)
        )
          owner = { memberId: m.memberId, task: t };
      }
      if (!owner) continue;
      const assignment = out.get(owner.memberId) as Record<string, number[]>;
      const list = assignment[topic] ?? [];
      list.push(p);
      assignment[topic] = list;
    }
  }
  return out;
}

/** The kafkajs partition assigner of one task's consumer. */
export function taskPartitionAssigner(task: KafkaTaskMember): PartitionAssigner {
  return ({ cluster }) => ({
    name: TASK_ASSIGNER_NAME,
    version: VERSION,
    async assign({ members, topics }) {
      const partitions: Record<string, number[]> = {};
      for (const topic of topics) {
        partitions[topic] = cluster.findTopicPartitionMetadata(topic).map((m) => m.partitionId);
      }
      const decoded = members.map((m) => ({
        memberId: m.memberId,
        task: decodeTaskMember(AssignerProtocol.MemberMetadata.decode(m.memberMetadata)?.userData),
      }));
      const assigned = assignTaskPartitions(decoded, partitions);
      return [...assigned].map(([memberId, assignment]) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: VERSION,
          assignment,
          userData: Buffer.alloc(0),
        }),
      }));
    },
    protocol({ topics }) {
      return {
        name: TASK_ASSIGNER_NAME,
        metadata: AssignerProtocol.MemberMetadata.encode({
          version: VERSION,
          topics,
          userData: encodeTaskMember(task),
        }),
      };
    },
  });
}

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { say } from './log.ts';
import { repoPath, veloDir } from './paths.ts';
import { runCommand } from './processes.ts';

export interface KafkaHandle {
  brokers: string;
  stop(): Promise<void>;
}

function localBrokerRunning(): boolean {
  const pidFile = path.join(process.env.VELO_KAFKA_DIR ?? path.join(veloDir, 'kafka'), 'kafka.pid');
  if (!existsSync(pidFile)) return false;
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * KAFKA_BROKERS when set; otherwise the local single-node broker of infra/kafka-local,
 * which `stop()` stops again only if this call started it.
 */
export async function startKafka(): Promise<KafkaHandle> {
  const external = process.env.KAFKA_BROKERS;
  if (external) {
    say(`kafka: using KAFKA_BROKERS=${external}`);
    return { brokers: external, stop: async () => undefined };
  }
  const alreadyRunning = localBrokerRunning();
  const code = await runCommand('bash', [repoPath('infra', 'kafka-local', 'start.sh')], {
    cwd: repoPath(),
    env: process.env,
    timeoutMs: 10 * 60_000,
  });
  if (code !== 0) throw new Error(`infra/kafka-local/start.sh failed (exit ${code})`);
  const brokers = `127.0.0.1:${process.env.VELO_KAFKA_PORT ?? '9092'}`;
  return {
    brokers,
    async stop() {
      if (alreadyRunning) return;
      await runCommand('bash', [repoPath('infra', 'kafka-local', 'stop.sh')], {
        cwd: repoPath(),
        env: process.env,
        timeoutMs: 60_000,
      });
    },
  };
}

// Exits 0 when the broker at argv[2] answers a metadata request within argv[3] seconds.
// Usage: node infra/kafka-local/probe.mjs 127.0.0.1:9092 [timeoutSeconds]
import { Kafka, logLevel } from 'kafkajs';

const broker = process.argv[2] ?? '127.0.0.1:9092';
const timeoutMs = Number(process.argv[3] ?? 5) * 1000;
const kafka = new Kafka({
  clientId: 'velo-kafka-probe',
  brokers: [broker],
  logLevel: logLevel.NOTHING,
  connectionTimeout: Math.min(timeoutMs, 3000),
  requestTimeout: timeoutMs,
  retry: { retries: 0 },
});
const admin = kafka.admin();
const timer = setTimeout(() => {
  console.error(`no answer from ${broker} within ${timeoutMs} ms`);
  process.exit(1);
}, timeoutMs);
try {
  await admin.connect();
  const topics = await admin.listTopics();
  console.log(`${broker} answered (${topics.length} topics)`);
  await admin.disconnect();
  clearTimeout(timer);
  process.exit(0);
} catch (error) {
  console.error(`${broker}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

import { loadWorkerEnv } from './env.ts';
import { startWorker } from './worker.ts';

const worker = await startWorker(loadWorkerEnv());

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    const deadline = setTimeout(() => {
      console.error(`worker ${worker.id}: shutdown took too long; exiting`);
      process.exit(1);
    }, 15_000);
    deadline.unref();
    worker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`worker ${worker.id}: shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  });
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoPath } from './paths.ts';

/** The instructions of a Dockerfile's last stage (what the image runs as). */
function finalStage(file: string): string[] {
  const lines = readFileSync(repoPath('infra/docker', file), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const from = lines.map((line) => line.startsWith('FROM ')).lastIndexOf(true);
  return lines.slice(from);
}

describe('Docker images (issue 11)', () => {
  it.each(['Dockerfile.console', 'Dockerfile.worker'])(
    '%s runs as a numeric non-root user and cannot rewrite its code',
    (file) => {
      const stage = finalStage(file);
      const users = stage.filter((line) => line.startsWith('USER '));
      expect(users.at(-1)).toBe('USER 1000:1000');
      expect(stage.some((line) => /^COPY .*--chown/.test(line))).toBe(false);
    },
  );

  it('exposes the worker metrics beyond loopback only because the image says so', () => {
    expect(finalStage('Dockerfile.worker')).toContain(
      'ENV NODE_ENV=production WORKER_METRICS_PORT=9464 WORKER_METRICS_HOST=0.0.0.0',
    );
  });
});

/**
 * The deployment files parse and hang together (an offline check; no Docker engine or cluster
 * here): YAML parsed by PyYAML, then the references between the documents checked.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML is checked field by field below.
type Doc = any;

/** Every YAML document of `file`, as JSON (PyYAML's safe loader: plain data only). */
function parseYaml(file: string): Doc[] {
  const out = execFileSync(
    'python3',
    [
      '-c',
      'import sys, json, yaml; print(json.dumps(list(yaml.safe_load_all(open(sys.argv[1])))))',
      file,
    ],
    { encoding: 'utf8' },
  );
  return (JSON.parse(out) as Doc[]).filter((doc) => doc !== null);
}

const k8sDir = join(ROOT, 'infra/k8s');
const manifests = readdirSync(k8sDir)
  .filter((name) => name.endsWith('.yaml'))
  .flatMap((name) => parseYaml(join(k8sDir, name)).map((doc) => ({ file: name, doc })));
const imageDockerfile: Record<string, string> = {
  'velo-worker': 'infra/docker/Dockerfile.worker',
  'velo-console': 'infra/docker/Dockerfile.console',
};

describe('docker-compose.yml', () => {
  const [compose] = parseYaml(join(ROOT, 'docker-compose.yml'));

  it('runs postgres, kafka, migrate, the console, two workers, prometheus and grafana', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['console', 'grafana', 'kafka', 'migrate', 'postgres', 'prometheus', 'worker'].sort(),
    );
    expect(compose.services.worker.deploy.replicas).toBe(2);
    expect(compose.services.worker.environment.WORKER_METRICS_HOST).toBe('0.0.0.0');
  });

  it('uses the local broker’s Kafka version and Dockerfiles that exist', () => {
    const pom = readFileSync(join(ROOT, 'infra/kafka-local/pom.xml'), 'utf8');
    const version = /<kafka\.version>([^<]+)</.exec(pom)?.[1];
    expect(compose.services.kafka.image).toBe(`apache/kafka:${version}`);
    for (const service of Object.values(compose.services) as Doc[]) {
      if (service.build) expect(existsSync(join(ROOT, service.build.dockerfile))).toBe(true);
    }
    for (const volume of compose.services.grafana.volumes as string[]) {
      expect(existsSync(join(ROOT, volume.split(':')[0]))).toBe(true);
    }
  });
});

describe('infra/k8s', () => {
  it('every document has apiVersion, kind and a name in the velo namespace', () => {
    expect(manifests.length).toBeGreaterThan(5);
    for (const { file, doc } of manifests) {
      expect(typeof doc.apiVersion, file).toBe('string');
      expect(typeof doc.kind, file).toBe('string');
      if (doc.kind === 'Kustomization') continue;
      expect(typeof doc.metadata?.name, file).toBe('string');
      if (doc.kind !== 'Namespace') expect(doc.metadata.namespace, file).toBe('velo');
    }
  });

  it('kustomization lists files that exist', () => {
    const kustomization = manifests.find(({ doc }) => doc.kind === 'Kustomization')?.doc;
    for (const resource of kustomization.resources as string[]) {
      expect(existsSync(join(k8sDir, resource)), resource).toBe(true);
    }
  });

  it('containers use images built from infra/docker, with probes on the metrics port', () => {
    const workloads = manifests.filter(({ doc }) => ['Deployment', 'Job'].includes(doc.kind));
    for (const { file, doc } of workloads) {
      for (const container of doc.spec.template.spec.containers as Doc[]) {
        const image = String(container.image).split(':')[0];
        expect(imageDockerfile[image], `${file}: ${image}`).toBeDefined();
        expect(existsSync(join(ROOT, imageDockerfile[image]))).toBe(true);
      }
    }
    const worker = manifests.find(
      ({ doc }) => doc.kind === 'Deployment' && doc.metadata.name === 'velo-worker',
    )?.doc;
    const container = worker.spec.template.spec.containers[0];
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.ports.map((p: Doc) => p.name)).toContain(
      container.readinessProbe.httpGet.port,
    );
    expect(worker.spec.selector.matchLabels).toEqual(worker.spec.template.metadata.labels);
  });

  it('the HPA and the KEDA ScaledObject scale the worker Deployment', () => {
    const deployments = new Set(
      manifests.filter(({ doc }) => doc.kind === 'Deployment').map(({ doc }) => doc.metadata.name),
    );
    const hpa = manifests.find(({ doc }) => doc.kind === 'HorizontalPodAutoscaler')?.doc;
    expect(deployments.has(hpa.spec.scaleTargetRef.name)).toBe(true);
    const keda = manifests.find(({ doc }) => doc.kind === 'ScaledObject')?.doc;
    expect(keda.apiVersion).toBe('keda.sh/v1alpha1');
    expect(keda.spec.scaleTargetRef.name).toBe('velo-worker');
    expect(keda.spec.triggers.map((t: Doc) => t.type)).toEqual(['kafka', 'cpu']);
    expect(Number(keda.spec.triggers[0].metadata.lagThreshold)).toBeGreaterThan(0);
  });
});

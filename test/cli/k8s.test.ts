// `rnnlab k8s` through the real CLI: the manifests it writes parse back into Kubernetes models that validate against
// the API schema, describe the sweep of the given file, and bad input is refused with nothing written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { runCli } from '../helpers/run-cli.js';
import { tinySweepSpec } from './run-sweep-helpers.js';

function tempWorkDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'rnnlab-k8s-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every document of a written file, as the typed model of its kind, validated (throws on the first invalid one). */
function readManifests(path: string): (Job | ConfigMap | PersistentVolumeClaim)[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((document) => {
    const data = document.toJSON();
    const model = data.kind === 'Job' ? new Job(data) : data.kind === 'ConfigMap' ? new ConfigMap(data) : new PersistentVolumeClaim(data);
    assert.equal(model.kind, data.kind);
    model.validate();
    return model;
  });
}

test('writes four manifest files that validate, and prints the kubectl commands in order', async () => {
  const { dir, cleanup } = tempWorkDir();
  try {
    const result = await runCli(['k8s', tinySweepSpec, '--shards', '3', '--image', 'ghcr.io/lab/rnnlab:0.1.0'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    const out = 'runs/k8s/tiny-sweep';
    assert.equal(
      result.stdout,
      [
        `wrote ${out}/data-claim.yaml, ${out}/corpus-job.yaml, ${out}/sweep-job.yaml, ${out}/merge-job.yaml`,
        'apply them in order (kubectl -n NAMESPACE … for a namespace other than your default):',
        `  kubectl apply -f ${out}/data-claim.yaml`,
        `  kubectl apply -f ${out}/corpus-job.yaml && kubectl wait --for=condition=complete job/rnnlab-corpus-fetch --timeout=10m`,
        `  kubectl apply -f ${out}/sweep-job.yaml && kubectl wait --for=condition=complete job/rnnlab-tiny-sweep --timeout=24h`,
        `  kubectl apply -f ${out}/merge-job.yaml && kubectl wait --for=condition=complete job/rnnlab-tiny-sweep-merge --timeout=10m`,
        'watch: kubectl get pods -l rnnlab/experiment=tiny-sweep   logs: kubectl logs job/rnnlab-tiny-sweep',
        '',
      ].join('\n'),
    );
    assert.deepEqual(readdirSync(join(dir, out)).sort(), ['corpus-job.yaml', 'data-claim.yaml', 'merge-job.yaml', 'sweep-job.yaml']);
    const [claim] = readManifests(join(dir, out, 'data-claim.yaml')) as [PersistentVolumeClaim];
    assert.deepEqual(claim.spec!.accessModes, ['ReadWriteMany']);
    const [configMap, job] = readManifests(join(dir, out, 'sweep-job.yaml')) as [ConfigMap, Job];
    // The pods run the file exactly as written.
    assert.equal(configMap.data!['experiment.yaml'], readFileSync(tinySweepSpec, 'utf8'));
    assert.equal(job.spec!.completionMode, 'Indexed');
    assert.equal(job.spec!.completions, 3);
    assert.equal(job.spec!.parallelism, 3);
    assert.equal(job.spec!.template.spec!.containers[0].image, 'ghcr.io/lab/rnnlab:0.1.0');
    assert.deepEqual(job.spec!.template.spec!.containers[0].command!.slice(2, 8), ['run', '/etc/rnnlab/experiment.yaml', '--shard', 'auto', '--shards', '3']);
    const [merge] = readManifests(join(dir, out, 'merge-job.yaml')) as [Job];
    assert.equal(merge.metadata!.name, 'rnnlab-tiny-sweep-merge');
    readManifests(join(dir, out, 'corpus-job.yaml'));
  } finally {
    cleanup();
  }
});

test('--set, --reuse and --backend reach every pod’s rnnlab run', async () => {
  const { dir, cleanup } = tempWorkDir();
  try {
    const args = ['--set', 'train.num_steps=2', '--reuse', 'runs/earlier.sqlite', '--reuse', 'published/b.sqlite', '--backend', 'wasm'];
    const result = await runCli(['k8s', tinySweepSpec, '--shards', '2', '--image', 'rnnlab', ...args], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    const [, job] = readManifests(join(dir, 'runs/k8s/tiny-sweep/sweep-job.yaml')) as [ConfigMap, Job];
    const command = job.spec!.template.spec!.containers[0].command!;
    assert.deepEqual(command.slice(-args.length), args);
  } finally {
    cleanup();
  }
});

test('--pvc uses an existing claim and writes none', async () => {
  const { dir, cleanup } = tempWorkDir();
  try {
    const result = await runCli(['k8s', tinySweepSpec, '--shards', '2', '--image', 'rnnlab', '--pvc', 'lab-data'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(!existsSync(join(dir, 'runs/k8s/tiny-sweep/data-claim.yaml')));
    const [, job] = readManifests(join(dir, 'runs/k8s/tiny-sweep/sweep-job.yaml')) as [ConfigMap, Job];
    assert.equal(job.spec!.template.spec!.volumes![0].persistentVolumeClaim!.claimName, 'lab-data');
  } finally {
    cleanup();
  }
});

test('bad input: exit 2, the exact message, nothing written', async () => {
  const { dir, cleanup } = tempWorkDir();
  try {
    const image = ['--image', 'rnnlab:1'];
    const cases: [string[], string][] = [
      [['k8s', tinySweepSpec, ...image], '--shards is required'],
      [['k8s', tinySweepSpec, '--shards', '0', ...image], '--shards must be a positive integer; got "0"'],
      [['k8s', tinySweepSpec, '--shards', '2'], '--image is required: the container image with rnnlab built in it (docs/cluster.md has a Dockerfile)'],
      [['k8s', tinySweepSpec, '--shards', '2', '--image', 'Lab Image'], '--image "Lab Image": not an image reference (e.g. registry.example.org/lab/rnnlab:0.1.0)'],
      [['k8s', tinySweepSpec, '--shards', '2', ...image, '--pvc', 'Lab_Data'], '--pvc "Lab_Data": a PersistentVolumeClaim name is lowercase letters, digits, "-" and "." (DNS-1123)'],
      [['k8s', tinySweepSpec, '--shards', '2', ...image, '--cpus', '1.5'], '--cpus must be a positive integer; got "1.5"'],
      [['k8s', tinySweepSpec, '--shards', '9', ...image], `--shards 9: ${tinySweepSpec} has 4 runs, so some shards would have none; use at most --shards 4`],
      [['k8s', tinySweepSpec, '--shards', '2', ...image, '--reuse', ''], `--reuse "": give the database's path on the data volume, relative to its root (the pods' working directory /data), e.g. runs/book-ch6.sqlite`],
      [['k8s', tinySweepSpec, '--shards', '2', ...image, '--reuse', '/data/runs/a.sqlite'], `--reuse "/data/runs/a.sqlite": give the database's path on the data volume, relative to its root (the pods' working directory /data), e.g. runs/book-ch6.sqlite`],
      [['k8s', tinySweepSpec, '--shards', '2', ...image, '--reuse', '../a.sqlite'], `--reuse "../a.sqlite": give the database's path on the data volume, relative to its root (the pods' working directory /data), e.g. runs/book-ch6.sqlite`],
      [['k8s', tinySweepSpec, '--shards', '2', ...image, '--reuse', 'runs//a.sqlite'], `--reuse "runs//a.sqlite": give the database's path on the data volume, relative to its root (the pods' working directory /data), e.g. runs/book-ch6.sqlite`],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, { cwd: dir });
      assert.equal(result.stderr, `${message}\n`, args.join(' '));
      assert.equal(result.code, 2, args.join(' '));
    }
    assert.ok(!existsSync(join(dir, 'runs')), 'nothing written');
  } finally {
    cleanup();
  }
});

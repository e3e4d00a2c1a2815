// The Kubernetes objects of a sharded sweep: valid against the API schema, and saying what the sweep needs (an Indexed
// Job of N pods each running its shard, the volume and experiment mounted, a merge naming every shard).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { buildK8sManifests, k8sName, type K8sSweep } from '../../src/cluster/build-k8s-manifests.js';
import { formatK8sYaml } from '../../src/cluster/format-k8s-yaml.js';

const sweep: K8sSweep = {
  experimentName: 'book_ch6',
  experimentText: 'name: book_ch6\nseeds: [1, 2, 3]\n',
  shards: 4,
  image: 'registry.example.org/lab/rnnlab:0.1.0',
  pvc: null,
  cpus: 2,
  runArgs: ['--set', 'train.num_steps=2'],
  packageVersion: '0.1.0',
};

test('every object validates against the Kubernetes API schema', () => {
  const manifests = buildK8sManifests(sweep);
  for (const object of [manifests.claim!, manifests.corpusJob, manifests.configMap, manifests.sweepJob, manifests.mergeJob]) {
    assert.doesNotThrow(() => object.validate());
  }
});

test('the sweep is an Indexed Job of N pods, each running its shard with the experiment and the volume mounted', () => {
  const { sweepJob, configMap, names } = buildK8sManifests(sweep);
  const spec = sweepJob.spec!;
  assert.equal(sweepJob.metadata!.name, 'rnnlab-book-ch6'); // "_" is not allowed in Kubernetes names
  assert.equal(spec.completionMode, 'Indexed');
  assert.equal(spec.completions, 4);
  assert.equal(spec.parallelism, 4);
  const pod = spec.template.spec!;
  assert.equal(pod.restartPolicy, 'Never'); // required by podFailurePolicy and backoffLimitPerIndex
  const [container] = pod.containers;
  assert.deepEqual(container.command, [
    'node',
    '/opt/rnnlab/dist/src/cli/main.js',
    'run',
    '/etc/rnnlab/experiment.yaml',
    '--shard',
    'auto',
    '--shards',
    '4',
    '--workers',
    '2',
    '--offline',
    '--set',
    'train.num_steps=2',
  ]);
  assert.equal(container.workingDir, '/data');
  assert.deepEqual(container.resources, { requests: { cpu: '2' }, limits: { cpu: '2' } });
  assert.deepEqual(container.env, [{ name: 'RNNLAB_CORPUS_DIR', value: '/data/corpus/grimm' }]);
  // Each mount refers to a volume of the pod, and the volumes to the claim and the ConfigMap made here.
  const volumes = new Map(pod.volumes!.map((volume) => [volume.name, volume]));
  for (const mount of container.volumeMounts!) assert.ok(volumes.has(mount.name), mount.name);
  assert.equal(volumes.get('data')!.persistentVolumeClaim!.claimName, names.claim);
  assert.equal(volumes.get('experiment')!.configMap!.name, configMap.metadata!.name);
  assert.deepEqual(configMap.data, { 'experiment.yaml': sweep.experimentText });
});

test('the merge Job names every shard database; a given --pvc replaces the new claim everywhere', () => {
  const manifests = buildK8sManifests({ ...sweep, pvc: 'lab-nfs' });
  assert.equal(manifests.claim, null);
  for (const job of [manifests.corpusJob, manifests.sweepJob, manifests.mergeJob]) {
    const data = job.spec!.template.spec!.volumes!.find((volume) => volume.name === 'data')!;
    assert.equal(data.persistentVolumeClaim!.claimName, 'lab-nfs');
  }
  assert.deepEqual(manifests.mergeJob.spec!.template.spec!.containers[0].command!.slice(2), [
    'merge',
    'runs/shards/book_ch6/shard-0-of-4.sqlite',
    'runs/shards/book_ch6/shard-1-of-4.sqlite',
    'runs/shards/book_ch6/shard-2-of-4.sqlite',
    'runs/shards/book_ch6/shard-3-of-4.sqlite',
    '--into',
    'runs/rnnlab.sqlite',
  ]);
  assert.deepEqual(manifests.corpusJob.spec!.template.spec!.containers[0].command!.slice(2), ['corpus', 'fetch', '--to', '/data/corpus/grimm']);
});

test('names stay valid DNS labels for long experiment names (pods add "-INDEX-xxxxx")', () => {
  const long = 'a'.repeat(64);
  assert.equal(k8sName(long), `rnnlab-${'a'.repeat(39)}`);
  assert.equal(k8sName(long, '-merge').length, 52);
  assert.equal(k8sName('x_y-', '-merge'), 'rnnlab-x-y-merge');
});

test('formatK8sYaml refuses an object the API would reject, and writes one document per object', () => {
  const bad = new Job({ metadata: { name: 'bad' }, spec: { completions: '3' as unknown as number, template: { spec: { containers: [{ name: 'c', image: 'x' }] } } } });
  assert.throws(() => formatK8sYaml('header', [bad]), /data\/spec\/completions must be integer/);
  const text = formatK8sYaml('line one\nline two', [buildK8sManifests(sweep).configMap, buildK8sManifests(sweep).mergeJob]);
  assert.match(text, /^# line one\n# line two\napiVersion: v1\nkind: ConfigMap\n/);
  assert.equal(text.split('\n---\n').length, 2);
});

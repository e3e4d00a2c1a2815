// The Kubernetes objects of a sharded sweep, as typed models: data volume claim, corpus fetch, Indexed Job, merge Job.
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { CORPUS_ON_VOLUME, DATA_MOUNT, IMAGE_RNNLAB_DIR } from './k8s-paths.js';
import { shardDbPath } from '../runner/shard-db-path.js';

const EXPERIMENT_MOUNT = '/etc/rnnlab';
const EXPERIMENT_KEY = 'experiment.yaml';

export interface K8sSweep {
  experimentName: string;
  /** The experiment file's text as written: it travels in a ConfigMap, so the pods run exactly this file. */
  experimentText: string;
  shards: number;
  image: string;
  /** An existing ReadWriteMany claim; null: a claim named rnnlab-data is part of the manifests. */
  pvc: string | null;
  /** CPU cores per shard pod: its requests and limits, and its --workers. */
  cpus: number;
  /** More arguments for every `rnnlab run` (--set …, --backend …). */
  runArgs: string[];
  packageVersion: string;
}

export interface K8sManifests {
  /** Object names, for the printed kubectl commands. */
  names: { claim: string; corpusJob: string; sweepJob: string; mergeJob: string; configMap: string };
  /** The claim to create, or null when --pvc names an existing one. */
  claim: PersistentVolumeClaim | null;
  corpusJob: Job;
  configMap: ConfigMap;
  sweepJob: Job;
  mergeJob: Job;
}

/** A DNS-1123 label from an experiment slug ("_" is not allowed there), short enough for pod names with an index. */
export function k8sName(experimentName: string, suffix = ''): string {
  const base = `rnnlab-${experimentName.replace(/_/g, '-')}`.slice(0, 46).replace(/-+$/, '');
  return `${base}${suffix}`;
}

export function buildK8sManifests(sweep: K8sSweep): K8sManifests {
  const names = {
    claim: sweep.pvc ?? 'rnnlab-data',
    corpusJob: 'rnnlab-corpus-fetch',
    configMap: k8sName(sweep.experimentName, '-experiment'),
    sweepJob: k8sName(sweep.experimentName),
    mergeJob: k8sName(sweep.experimentName, '-merge'),
  };
  const labels = { 'app.kubernetes.io/name': 'rnnlab', 'rnnlab/experiment': sweep.experimentName.replace(/_/g, '-') };
  const rnnlab = ['node', `${IMAGE_RNNLAB_DIR}/dist/src/cli/main.js`];
  const dataVolume = { name: 'data', persistentVolumeClaim: { claimName: names.claim } };
  const dataMount = { name: 'data', mountPath: DATA_MOUNT };
  const env = [{ name: 'RNNLAB_CORPUS_DIR', value: CORPUS_ON_VOLUME }];
  const oneCore = { requests: { cpu: '1' }, limits: { cpu: '1' } };

  /** A pod that runs one container once; failures are retried by the Job, not restarted in place. */
  const podSpec = (container: IContainer, extraVolumes: IPodSpec['volumes'] = []): IPodSpec => ({
    restartPolicy: 'Never',
    volumes: [dataVolume, ...(extraVolumes ?? [])],
    containers: [container],
  });

  const claim =
    sweep.pvc === null
      ? new PersistentVolumeClaim({
          metadata: { name: names.claim, labels },
          // Every shard pod writes its own database on it, possibly from different nodes: ReadWriteMany.
          spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '5Gi' } } },
        })
      : null;

  const corpusJob = new Job({
    metadata: { name: names.corpusJob, labels },
    spec: {
      backoffLimit: 2,
      template: {
        metadata: { labels },
        spec: podSpec({
          name: 'fetch',
          image: sweep.image,
          workingDir: DATA_MOUNT,
          command: [...rnnlab, 'corpus', 'fetch', '--to', CORPUS_ON_VOLUME],
          volumeMounts: [dataMount],
          resources: oneCore,
        }),
      },
    },
  });

  const configMap = new ConfigMap({
    metadata: { name: names.configMap, labels },
    data: { [EXPERIMENT_KEY]: sweep.experimentText },
  });

  const cpu = String(sweep.cpus);
  const sweepJob = new Job({
    metadata: { name: names.sweepJob, labels },
    spec: {
      // Pod i gets JOB_COMPLETION_INDEX=i, which `rnnlab run --shard auto --shards N` reads.
      completionMode: 'Indexed',
      completions: sweep.shards,
      parallelism: sweep.shards,
      // Each index is retried on its own, so one bad shard does not use up the others' retries.
      backoffLimitPerIndex: 2,
      // An evicted or preempted pod (SIGTERM, then rnnlab stops between updates and keeps its checkpoints) is
      // replaced without counting as a failure; the replacement resumes.
      podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] },
      template: {
        metadata: { labels },
        spec: {
          ...podSpec(
            {
              name: 'shard',
              image: sweep.image,
              workingDir: DATA_MOUNT,
              command: [
                ...rnnlab,
                'run',
                `${EXPERIMENT_MOUNT}/${EXPERIMENT_KEY}`,
                '--shard',
                'auto',
                '--shards',
                String(sweep.shards),
                '--workers',
                cpu,
                '--offline',
                ...sweep.runArgs,
              ],
              env,
              volumeMounts: [dataMount, { name: 'experiment', mountPath: EXPERIMENT_MOUNT, readOnly: true }],
              resources: { requests: { cpu }, limits: { cpu } },
            },
            [{ name: 'experiment', configMap: { name: names.configMap } }],
          ),
          // Time for rnnlab to finish the update in progress and record its runs as interrupted.
          terminationGracePeriodSeconds: 60,
        },
      },
    },
  });

  const shardFiles = Array.from({ length: sweep.shards }, (_, index) =>
    shardDbPath(sweep.experimentName, { index, count: sweep.shards }),
  );
  const mergeJob = new Job({
    metadata: { name: names.mergeJob, labels },
    spec: {
      backoffLimit: 0,
      template: {
        metadata: { labels },
        spec: podSpec({
          name: 'merge',
          image: sweep.image,
          workingDir: DATA_MOUNT,
          // Every shard by name: one that never wrote its database is reported, and nothing is merged.
          command: [...rnnlab, 'merge', ...shardFiles, '--into', 'runs/rnnlab.sqlite'],
          env,
          volumeMounts: [dataMount],
          resources: oneCore,
        }),
      },
    },
  });
  return { names, claim, corpusJob, configMap, sweepJob, mergeJob };
}

// `rnnlab k8s FILE --shards N --image IMAGE`: writes the Kubernetes manifests of a sharded sweep (Indexed Job + merge Job).
import { Command, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { makeDirectory } from '../config/make-directory.js';
import { refuseSeedRuleShards } from './refuse-seed-rule-shards.js';
import { loadExperiment } from '../config/load-experiment.js';
import type { BackendName } from '../config/run-config.js';
import { UserError } from '../config/user-error.js';
import { CORPUS_ON_VOLUME, DATA_MOUNT } from '../cluster/k8s-paths.js';
import { BACKEND_NAMES } from './backend-names.js';
import { packageVersion } from './package-version.js';
import { parsePositiveInteger } from './parse-positive-integer.js';

interface K8sOptions {
  shards?: string;
  image?: string;
  pvc?: string;
  cpus: string;
  set: string[];
  reuse: string[];
  backend?: BackendName;
}


function parseImage(text: string | undefined): string {
  if (text === undefined) throw new UserError('--image is required: the container image with rnnlab built in it (docs/cluster.md has a Dockerfile)');
  // A reference as docker writes it: [registry[:port]/]path[:tag][@digest], lowercase path.
  if (!/^[a-z0-9]+(?:[._:/@-][a-zA-Z0-9]+)*$/.test(text)) {
    throw new UserError(`--image "${text}": not an image reference (e.g. registry.example.org/lab/rnnlab:0.1.0)`);
  }
  return text;
}

function parseClaimName(text: string | undefined): string | null {
  if (text === undefined) return null;
  if (!/^[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?$/.test(text) || text.length > 253) {
    throw new UserError(`--pvc "${text}": a PersistentVolumeClaim name is lowercase letters, digits, "-" and "." (DNS-1123)`);
  }
  return text;
}

/** A --reuse database as the pods see it: a path on the data volume, relative to its root (their working directory). */
function parseVolumePath(text: string): string {
  const parts = text.split('/');
  if (text.trim() === '' || text.startsWith('/') || parts.includes('..') || parts.includes('')) {
    throw new UserError(
      `--reuse "${text}": give the database's path on the data volume, relative to its root (the pods' working ` +
        `directory ${DATA_MOUNT}), e.g. runs/book-ch6.sqlite`,
    );
  }
  return text;
}

export function k8sCommand(): Command {
  return new Command('k8s')
    .description(
      'Write Kubernetes manifests that train an experiment as an Indexed Job of N shards (each into its own ' +
        'database on a shared volume), and a Job that merges them; apply with kubectl apply -f.',
    )
    .argument('<file>', 'experiment YAML file')
    .option('--shards <n>', 'pods of the Indexed Job, one shard of the grid each (required)')
    .option('--image <ref>', 'container image with rnnlab built at /opt/rnnlab (required; see docs/cluster.md)')
    .option('--pvc <name>', 'an existing ReadWriteMany volume claim for the corpus and results (default: a new claim rnnlab-data)')
    .option('--cpus <n>', 'cores per shard pod: its CPU request and limit, and the runs it trains at once', '1')
    .option(
      '--set <path=value>',
      'override a value in every pod, as rnnlab run --set; repeatable',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--reuse <db>',
      'every pod copies the runs this database on the data volume (a path relative to its root) finished with the ' +
        'same training, as rnnlab run --reuse; repeatable',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .addOption(new Option('--backend <name>', 'compute backend in the pods (default: rnnlab run\'s)').choices(BACKEND_NAMES))
    .action(async (file: string, options: K8sOptions) => {
      const shards = parsePositiveInteger('--shards', options.shards);
      const image = parseImage(options.image);
      const pvc = parseClaimName(options.pvc);
      const cpus = parsePositiveInteger('--cpus', options.cpus);
      const reuse = [...new Set(options.reuse.map(parseVolumePath))];
      const experiment = loadExperiment(file, options.set);
      refuseSeedRuleShards(file, 'rnnlab k8s', experiment.seedRule !== null);
      if (shards > experiment.runs.length) {
        throw new UserError(
          `--shards ${shards}: ${experiment.path} has ${experiment.runs.length} run${experiment.runs.length === 1 ? '' : 's'}, ` +
            `so some shards would have none; use at most --shards ${experiment.runs.length}`,
        );
      }
      // The Kubernetes models and their schema validators take a few hundred ms to load: only this command pays it.
      const [{ buildK8sManifests }, { formatK8sYaml }] = await Promise.all([
        import('../cluster/build-k8s-manifests.js'),
        import('../cluster/format-k8s-yaml.js'),
      ]);
      const manifests = buildK8sManifests({
        experimentName: experiment.name,
        experimentText: experiment.specText,
        shards,
        image,
        pvc,
        cpus,
        runArgs: [
          ...options.set.flatMap((value) => ['--set', value]),
          ...reuse.flatMap((path) => ['--reuse', path]),
          ...(options.backend ? ['--backend', options.backend] : []),
        ],
        packageVersion: packageVersion(),
      });
      const dir = `runs/k8s/${experiment.name}`;
      const made = `written by rnnlab ${packageVersion()} (rnnlab k8s ${file} --shards ${shards})`;
      const files: [string, string][] = [
        ...(manifests.claim
          ? [['data-claim.yaml', formatK8sYaml(`${made}\nThe volume for the corpus and every database: ReadWriteMany, as the shard pods may run on different nodes.`, [manifests.claim])] as [string, string]]
          : []),
        ['corpus-job.yaml', formatK8sYaml(`${made}\nFetches the Grimm corpus once onto the volume (${CORPUS_ON_VOLUME}), where the shard pods read it offline.`, [manifests.corpusJob])],
        ['sweep-job.yaml', formatK8sYaml(`${made}\nThe experiment file as written, and the Indexed Job: pod i trains shard i of ${shards} into runs/shards/${experiment.name}/shard-i-of-${shards}.sqlite on the volume.`, [manifests.configMap, manifests.sweepJob])],
        ['merge-job.yaml', formatK8sYaml(`${made}\nMerges the ${shards} shard databases into runs/rnnlab.sqlite on the volume; apply it once the sweep Job is complete.`, [manifests.mergeJob])],
      ];
      makeDirectory(dir);
      for (const [name, text] of files) writeFileSync(`${dir}/${name}`, text);

      const out = (line: string): boolean => process.stdout.write(`${line}\n`);
      const { names } = manifests;
      out(`wrote ${files.map(([name]) => `${dir}/${name}`).join(', ')}`);
      out('apply them in order (kubectl -n NAMESPACE … for a namespace other than your default):');
      if (manifests.claim) out(`  kubectl apply -f ${dir}/data-claim.yaml`);
      out(`  kubectl apply -f ${dir}/corpus-job.yaml && kubectl wait --for=condition=complete job/${names.corpusJob} --timeout=10m`);
      out(`  kubectl apply -f ${dir}/sweep-job.yaml && kubectl wait --for=condition=complete job/${names.sweepJob} --timeout=24h`);
      out(`  kubectl apply -f ${dir}/merge-job.yaml && kubectl wait --for=condition=complete job/${names.mergeJob} --timeout=10m`);
      out(`watch: kubectl get pods -l rnnlab/experiment=${experiment.name.replace(/_/g, '-')}   logs: kubectl logs job/${names.sweepJob}`);
    });
}

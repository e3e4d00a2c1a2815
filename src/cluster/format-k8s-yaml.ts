// Serializes validated Kubernetes models to one YAML file (several documents separated by ---), for kubectl apply -f.
import { stringify } from 'yaml';

/** What every kubernetes-models object offers. */
export interface KubernetesObject {
  validate(): void;
  toJSON(): unknown;
}

/**
 * Each object is validated against the Kubernetes API schema first (types, required fields, enums): a manifest
 * kubectl would reject is a bug here, never written. Then its plain JSON form becomes one YAML document.
 */
export function formatK8sYaml(header: string, objects: KubernetesObject[]): string {
  for (const object of objects) object.validate();
  const documents = objects.map((object) => stringify(object.toJSON(), { lineWidth: 0 }));
  return `${header.split('\n').map((line) => `# ${line}`).join('\n')}\n${documents.join('---\n')}`;
}

// Which parameters form each gradient-diagnostics group of a model (the chapter's context path against its hidden path).
import type { ModelConfig } from '../config/run-config.js';

export interface GradientGroup {
  /** e.g. `hidden`, `context`, `output`, `layer2`. */
  name: string;
  /** The model's parameter names in this group, in the model's order; every parameter is in exactly one group. */
  parameters: string[];
}

/**
 * The groups of `paramNames` (a model's parameters, as `model.params` names them) for this model type:
 * rnncf → hidden (A, R, b_h), context (B, P, alpha_logit), output (W_out, b_out); rnn and lstm → recurrent, output;
 * stacked → layer1 … layerN, output. RNN-CF's W_out reads [h; s] in one matrix, so it is its own group rather than
 * being split between the paths. A parameter no rule names is an error: a new parameter must be placed on purpose.
 */
export function gradientGroups(config: ModelConfig, paramNames: readonly string[]): GradientGroup[] {
  const groupOf = (name: string): string | null => {
    if (name === 'W_out' || name === 'b_out') return 'output';
    switch (config.type) {
      case 'rnncf':
        if (['A', 'R', 'b_h'].includes(name)) return 'hidden';
        if (['B', 'P', 'alpha_logit'].includes(name)) return 'context';
        return null;
      case 'rnn':
        return ['W_xh', 'W_hh', 'b_h'].includes(name) ? 'recurrent' : null;
      case 'lstm':
        return ['W_x', 'W_h', 'b'].includes(name) ? 'recurrent' : null;
      case 'stacked': {
        // Layer l's parameters are W_xh_l, W_hh_l, b_h_l (1-based; no suffix with one layer), as src/models/stacked.ts names them.
        const match = /^(?:W_xh|W_hh|b_h)(?:_(\d+))?$/.exec(name);
        return match === null ? null : `layer${match[1] ?? 1}`;
      }
    }
  };
  const groups = new Map<string, string[]>();
  for (const name of paramNames) {
    const group = groupOf(name);
    if (group === null) throw new Error(`gradient groups: no group for parameter "${name}" of model type ${config.type}`);
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group)!.push(name);
  }
  // Output last, the rest in first-seen order (bottom of the network first).
  const names = [...groups.keys()].filter((g) => g !== 'output');
  if (groups.has('output')) names.push('output');
  return names.map((name) => ({ name, parameters: groups.get(name)! }));
}

// The values of --backend, for every command that trains or passes the choice on to training.
import type { BackendName } from '../config/run-config.js';

export const BACKEND_NAMES: BackendName[] = ['auto', 'wasm', 'cpu', 'tensorflow', 'native'];

// Where the results database lives unless --db says otherwise (relative to the current directory).
export const DEFAULT_DB_PATH = 'runs/rnnlab.sqlite';

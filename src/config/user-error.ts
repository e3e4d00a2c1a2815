// The one error class for user mistakes (bad spec, bad flag, missing corpus): the CLI prints its message and exits 2.

/** A mistake the user can fix; `message` is complete and shown as is, without a stack trace. */
export class UserError extends Error {
  override readonly name = 'UserError';
  /** Exit code the CLI uses: 2 for bad input (default). */
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.exitCode = exitCode;
  }
}

// An error in what the person asked for (arguments, files): printed as one plain sentence on
// standard error with exit status 2, never as a stack trace.

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Makes `sluice … | head` end quietly: once the reader of stdout has gone (EPIPE), nothing the
 * command still has to print can be read, so the process exits with 0 at once, without a stack
 * trace, as `ls | head` does. A closed stderr is ignored: a server keeps serving when whoever
 * read its logs goes away. Installed once for every command, by `main`.
 *
 * @example
 * ```ts
 * exitQuietlyOnBrokenPipe(process.stdout, process.stderr, () => process.exit(0));
 * ```
 */
export function exitQuietlyOnBrokenPipe(stdout: NodeJS.EventEmitter, stderr: NodeJS.EventEmitter, exit: () => void): () => void {
  const onStdoutError = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
      exit();
      return;
    }
    throw error;
  };
  const onStderrError = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    throw error;
  };
  stdout.on('error', onStdoutError);
  stderr.on('error', onStderrError);
  return () => {
    stdout.off('error', onStdoutError);
    stderr.off('error', onStderrError);
  };
}

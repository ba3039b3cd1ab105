/**
 * Resolves on the first SIGTERM or SIGINT, with the signal's name. A second signal while the
 * process is still shutting down forces an exit, as an operator pressing Ctrl-C twice expects.
 */
export function untilShutdownSignal(onForce: () => void = () => process.exit(130)): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const first = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', first).off('SIGINT', first);
      process.once('SIGTERM', onForce).once('SIGINT', onForce);
      resolve(signal);
    };
    process.once('SIGTERM', first).once('SIGINT', first);
  });
}

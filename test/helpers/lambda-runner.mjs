// Runs a built Lambda bundle the way the nodejs22.x runtime does: imported once (its init runs
// with the environment the parent gave), then invoked once per message over IPC. The handler's
// stdout (Powertools logs, EMF metrics) stays free for the parent to read.
import { pathToFileURL } from 'node:url';

let handler;
try {
  ({ handler } = await import(pathToFileURL(process.argv[2]).href));
  process.send({ ready: true });
} catch (error) {
  process.send({ initError: { name: error.name, code: error.code, message: error.message } });
  process.exit(1);
}

process.on('message', async ({ id, event, context }) => {
  try {
    const result = await handler(event, { ...context, getRemainingTimeInMillis: () => 30_000 });
    process.send({ id, ok: true, result });
  } catch (error) {
    process.send({ id, ok: false, error: { name: error.name, code: error.code, message: error.message } });
  }
});
process.on('disconnect', () => process.exit(0));

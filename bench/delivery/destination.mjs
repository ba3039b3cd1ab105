/**
 * The bench destination: answers 204 at once to every POST, on 127.0.0.1, and counts them.
 * Runs as a child process (pinned to its own CPU by run.mjs); talks to the parent over IPC.
 */
import { createServer } from 'node:http';

let count = 0;
const server = createServer((req, res) => {
  req.on('end', () => {
    count += 1;
    res.writeHead(204);
    res.end();
  });
  req.resume();
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: server.address().port }));
process.on('message', (message) => {
  if (message?.type === 'count') process.send({ type: 'count', count });
  if (message?.type === 'reset') count = 0;
  if (message?.type === 'stop') server.close(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));

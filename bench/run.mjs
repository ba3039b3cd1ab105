/**
 * Runs the benchmark topics one after the other:
 *   npm run bench -- [common options] [topic [its options]]…
 * e.g. `npm run bench -- gateway --quick delivery --records 10000`. With no topic, every topic
 * whose bench/<topic>/run.mjs exists runs. Options before the first topic go to every topic;
 * `node bench/<topic>/run.mjs --help` lists a topic's own.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TOPICS = ['gateway', 'delivery', 'invoke', 'lambda', 'auth', 'sqs-path', 'ingest'];
const here = dirname(fileURLToPath(import.meta.url));

function runTopic(file, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file, ...args], { stdio: 'inherit' });
    // The topic stops its own processes on SIGINT/SIGTERM: pass the signal on and wait for it.
    const onInt = () => child.kill('SIGINT');
    const onTerm = () => child.kill('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code ?? (signal ? 130 : 1));
    });
  });
}

const common = [];
const perTopic = new Map();
let current = common;
for (const arg of process.argv.slice(2)) {
  if (TOPICS.includes(arg)) perTopic.set(arg, (current = []));
  else current.push(arg);
}
const asked = [...perTopic.keys()];
let exitCode = 0;
for (const topic of asked.length > 0 ? asked : TOPICS) {
  const file = join(here, topic, 'run.mjs');
  if (!existsSync(file)) {
    process.stderr.write(`bench ${topic}: ${file} does not exist, skipped\n`);
    if (asked.includes(topic)) exitCode = 1;
    continue;
  }
  process.stderr.write(`\n== bench ${topic} ==\n`);
  const code = await runTopic(file, [...common, ...(perTopic.get(topic) ?? [])]);
  if (code === 130) {
    exitCode = 130;
    break;
  }
  if (code !== 0) exitCode = code;
}
process.exitCode = exitCode;

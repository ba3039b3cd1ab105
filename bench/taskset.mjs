/**
 * Whether `taskset` can pin processes here (util-linux on Linux): the benches pin the measured
 * side and its peer to separate CPUs when it can, and say so when it cannot.
 */
import { execFileSync } from 'node:child_process';

/** True when `taskset` runs and can read this process's CPU affinity. */
export function hasTaskset() {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

import type { Command } from 'commander';
import { registerAttach } from './attach.js';
import { registerConfig } from './config-check.js';
import { registerDeploy } from './deploy.js';
import { registerDetach } from './detach.js';
import { registerDlq } from './dlq.js';
import { registerForward } from './forward.js';
import { registerGateway } from './gateway.js';
import { registerHistory } from './history.js';
import { registerReplay } from './replay.js';
import { registerTail } from './tail.js';
import { registerServe } from './serve.js';
import { registerStatus } from './status.js';
import { registerSynth } from './synth.js';
import { registerUi } from './ui.js';

/**
 * Every subcommand, one file each. Each `register*` adds its command with options, help text
 * and examples.
 */
export function registerCommands(program: Command): void {
  registerServe(program);
  registerGateway(program);
  registerForward(program);
  registerStatus(program);
  registerDlq(program);
  registerHistory(program);
  registerTail(program);
  registerReplay(program);
  registerUi(program);
  registerConfig(program);
  registerSynth(program);
  registerAttach(program);
  registerDetach(program);
  registerDeploy(program);
}

import { Option, type Command } from 'commander';

/** Adds the options every command that reads a configuration shares. */
export function addConfigOptions(command: Command, { server = false } = {}): Command {
  command
    .option('-c, --config <file>', 'route table and settings (sluice.yaml)')
    .option('--data <dir>', 'folder for the embedded queue (default .sluice)')
    .option('--destination <url>', 'where captured records are delivered (overrides the file)');
  if (server) {
    command
      .option('--upstream <url>', 'tap every request to this API, with no config file')
      .option('--handler <file#export>', 'serve a Lambda handler file (worker threads, no Docker) for every request, with no config file')
      .addOption(new Option('--event <format>', 'the event --handler receives').choices(['apigw-v1', 'apigw-v2', 'alb', 'envelope']).default('apigw-v2'))
      .addOption(new Option('-p, --port <port>', 'port to listen on (default 8080)'))
      .option('--host <host>', 'address to listen on (default 127.0.0.1)');
  }
  return command;
}

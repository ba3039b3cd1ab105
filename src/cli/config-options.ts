import { Option, type Command } from 'commander';
import { defaultLogFormat, type LogFormat } from '../telemetry/logger.js';

/** The log options of the long-running commands, as commander passes them. */
export interface LogOptions {
  readonly logLevel?: string;
  readonly logFormat?: LogFormat;
}

/**
 * Adds the options every command that reads a configuration shares; `server` adds the gateway's
 * (`--upstream`, `--handler`, `--port`…), `logs` the long-running commands' `--log-level` and
 * `--log-format`.
 */
export function addConfigOptions(command: Command, { server = false, logs = false } = {}): Command {
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
      .option('--host <host>', 'address to listen on (default 127.0.0.1)')
      .option('--admin <host:port|off>', 'admin listener for /ping, /healthz, /metrics (default 127.0.0.1:9901; "off" for none)');
  }
  if (logs) {
    command
      .addOption(new Option('--log-level <level>', 'log level (overrides log.level)').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
      .addOption(
        new Option('--log-format <format>', 'json lines, or pretty lines for people (default: pretty on a terminal, json otherwise)').choices([
          'json',
          'pretty',
        ]),
      );
  }
  return command;
}

/**
 * The log format asked for, or the default for stderr.
 *
 * @example
 * ```ts
 * createLogger(config.log.level, process.stderr, logFormatOf(options));
 * ```
 */
export function logFormatOf(options: LogOptions): LogFormat {
  return options.logFormat ?? defaultLogFormat();
}

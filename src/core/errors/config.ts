// Configuration and command-line errors: nothing may start (the CLI exits with 2).
import { SluiceError } from './base.js';

/** One problem found in a configuration file. */
export interface ConfigIssue {
  /** Key path in the file, e.g. `routes[0].target.url`; empty for the document itself. */
  readonly path: string;
  readonly message: string;
}

/** The configuration is invalid; nothing may start. The CLI exits with code 2. */
export class ConfigError extends SluiceError {
  override readonly name = 'ConfigError';
  override readonly code = 'SLUICE_CONFIG_INVALID';
  readonly file: string;
  readonly issues: readonly ConfigIssue[];

  constructor(file: string, issues: readonly ConfigIssue[]) {
    super(formatConfigIssues(file, issues));
    this.file = file;
    this.issues = issues;
  }
}

function formatConfigIssues(file: string, issues: readonly ConfigIssue[]): string {
  const noun = issues.length === 1 ? 'problem' : 'problems';
  const lines = issues.map((issue) => `  ${file}${issue.path ? `: ${issue.path}` : ''}: ${issue.message}`);
  return `invalid configuration (${issues.length} ${noun}):\n${lines.join('\n')}`;
}

/** Bad command-line usage (exit code 2). */
export class UsageError extends SluiceError {
  override readonly name = 'UsageError';
  override readonly code = 'SLUICE_USAGE';
}

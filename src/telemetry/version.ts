import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The package version, sent as `User-Agent: sluice/VERSION` and printed by `--version`. */
export const VERSION: string = (require('../../package.json') as { version: string }).version;

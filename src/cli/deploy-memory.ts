import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';

/**
 * The answers `sluice deploy` remembers, offered as defaults next time. No secret: the schema
 * has no field for one, and `.strict()` refuses a file that grew one.
 */
const AnswersSchema = z
  .object({
    region: z.string().optional(),
    apiId: z.string().optional(),
    stage: z.string().optional(),
    project: z.string().optional(),
    destination: z.string().optional(),
    alarmEmail: z.string().optional(),
    exampleApi: z.boolean().optional(),
    /** `--batch-size` and `--batching-window` as typed (checked by `parseDeployFlags` before they are kept). */
    batchSize: z.string().optional(),
    batchingWindow: z.string().optional(),
  })
  .strict();

/** What the last deploy created: the forwarder stack's outputs (names, ARNs, URLs; never a secret value). */
const DeployedSchema = z
  .object({
    at: z.string(),
    forwarderOutputs: z.record(z.string(), z.string()),
    /** True once a signing secret value was stored: later runs keep it unless given a new one. */
    signingSecretSet: z.boolean(),
  })
  .strict();

const MemorySchema = z.object({ version: z.literal(1), answers: AnswersSchema, deployed: DeployedSchema.optional() }).strict();

export type DeployAnswersMemory = z.infer<typeof AnswersSchema>;
export type DeployMemory = z.infer<typeof MemorySchema>;

/** The file's name inside the data folder. */
export const DEPLOY_MEMORY_FILE = 'deploy.json';

/**
 * Reads `<data>/deploy.json`; an absent file is an empty memory.
 *
 * @throws ConfigError naming the file when it is not what `sluice deploy` writes.
 * @example
 * ```ts
 * const memory = await readDeployMemory('.sluice'); // { version: 1, answers: { region: 'eu-west-1', … } }
 * ```
 */
export async function readDeployMemory(dataDir: string): Promise<DeployMemory> {
  const path = join(dataDir, DEPLOY_MEMORY_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, answers: {} };
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(path, [{ path: '', message: 'expected the JSON `sluice deploy` writes; delete the file to start afresh' }]);
  }
  const result = MemorySchema.safeParse(parsed);
  if (!result.success) {
    throw new ConfigError(
      path,
      result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  return result.data;
}

/**
 * Writes `<data>/deploy.json` whole (a temporary file renamed over it), private to its owner
 * (0600 in a 0700 folder) like every data file of Sluice.
 *
 * @example
 * ```ts
 * await writeDeployMemory('.sluice', { version: 1, answers: { region: 'eu-west-1' } });
 * ```
 */
export async function writeDeployMemory(dataDir: string, memory: DeployMemory): Promise<void> {
  const checked = MemorySchema.parse(memory);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, DEPLOY_MEMORY_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(checked, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, path);
}

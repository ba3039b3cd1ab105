/**
 * The `lambda` target of a route (SPEC §4): a function on AWS (`function`, possibly taken from
 * the path), a Runtime Interface Emulator (`endpoint`), or a handler file run in worker threads
 * (`handler`), with the event format it speaks.
 */
import { z } from 'zod';
import { EVENT_FORMATS } from './events/event-formats.js';
import { isFunctionIdentifier, templateSegments } from './events/function-name.js';
import { httpUrl, nonEmpty } from './schema-primitives.js';

/** `./handlers/users.mjs#handler`: a JavaScript module and the export to call (default `handler`). */
const HANDLER = /^(.+\.(?:mjs|cjs|js))(?:#([A-Za-z_$][\w$]*))?$/;

/**
 * Splits a `handler` setting into its file and export name.
 *
 * @example
 * ```ts
 * parseHandlerSpec('./fns/users.mjs#list'); // { file: './fns/users.mjs', exportName: 'list' }
 * parseHandlerSpec('./index.js'); // { file: './index.js', exportName: 'handler' }
 * ```
 */
export function parseHandlerSpec(spec: string): { file: string; exportName: string } | undefined {
  const match = HANDLER.exec(spec);
  return match ? { file: match[1]!, exportName: match[2] ?? 'handler' } : undefined;
}

/** Settings that belong to one mode only; set with another they are a mistake, not a no-op. */
const AWS_ONLY = ['allow', 'deny', 'name_prefix', 'name_suffix', 'qualifier', 'region', 'assume_role', 'aws_endpoint'] as const;
const HANDLER_ONLY = ['workers', 'memory_size', 'watch'] as const;

/** @internal */
export const lambdaTargetSchema = z
  .strictObject({
    type: z.literal('lambda'),
    /** AWS mode: a function name, `name:qualifier`, an ARN, or a template such as `{path.0}`. */
    function: nonEmpty.optional(),
    /** Local mode: a Runtime Interface Emulator's URL (its invocation path is added). */
    endpoint: httpUrl.optional(),
    /** Local mode without Docker: `./file.mjs#export`, run in worker threads. */
    handler: z
      .string()
      .refine((value) => parseHandlerSpec(value) !== undefined, { message: 'expected a .mjs, .cjs or .js file, optionally followed by #exportName' })
      .optional(),
    event: z.enum(EVENT_FORMATS as ['apigw-v1', 'apigw-v2', 'alb', 'envelope']).default('apigw-v2'),
    /** `alb` only: the target group's `lambda.multi_value_headers.enabled`. */
    multi_value_headers: z.boolean().default(false),
    /** Send the function the path after the route's prefix (and after the segments naming the function). */
    strip_path_prefix: z.boolean().default(false),
    allow: z.array(nonEmpty).optional(),
    deny: z.array(nonEmpty).default([]),
    name_prefix: z.string().default(''),
    name_suffix: z.string().default(''),
    qualifier: z
      .string()
      .regex(/^(\$LATEST|[A-Za-z0-9_-]{1,128})$/, 'expected a version number, $LATEST or an alias name')
      .optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected an AWS region such as us-west-2')
      .optional(),
    assume_role: z
      .strictObject({
        role_arn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'expected an IAM role ARN'),
        external_id: z.string().min(2).max(1224).optional(),
        session_name: z
          .string()
          .regex(/^[\w+=,.@-]{2,64}$/, 'expected 2-64 letters, digits or +=,.@_-')
          .default('sluice'),
      })
      .optional(),
    /** Another Lambda API endpoint (LocalStack, serverless-offline, a VPC endpoint). */
    aws_endpoint: httpUrl.optional(),
    /** Handler mode: worker threads, each running one invocation at a time. Default: the number of CPUs. */
    workers: z.number().int().min(1).max(256).optional(),
    /** Handler mode: what `context.memoryLimitInMB` reports. */
    memory_size: z.number().int().min(128).max(10_240).default(128),
    /** Handler mode: reload the handler when files in its folder change. */
    watch: z.boolean().default(true),
  })
  .superRefine((target, ctx) => {
    const modes = (['function', 'endpoint', 'handler'] as const).filter((key) => target[key] !== undefined);
    if (modes.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: modes.length === 0 ? 'set one of function (AWS), endpoint (emulator) or handler (file)' : `set only one of ${modes.join(', ')}`,
        path: modes.length === 0 ? [] : [modes[1]!],
      });
      return;
    }
    const mode = modes[0]!;
    const misplaced = (keys: readonly string[], where: string): void => {
      for (const key of keys) {
        const value = (target as Record<string, unknown>)[key];
        const isDefault =
          (key === 'deny' && Array.isArray(value) && value.length === 0) ||
          ((key === 'name_prefix' || key === 'name_suffix') && value === '') ||
          (key === 'memory_size' && value === 128) ||
          (key === 'watch' && value === true);
        if (value !== undefined && !isDefault) ctx.addIssue({ code: 'custom', message: `only applies with ${where}`, path: [key] });
      }
    };
    if (mode !== 'function') misplaced(AWS_ONLY, 'function (AWS mode)');
    if (mode !== 'handler') misplaced(HANDLER_ONLY, 'handler');
    if (target.multi_value_headers && target.event !== 'alb') {
      ctx.addIssue({ code: 'custom', message: 'only applies with event: alb', path: ['multi_value_headers'] });
    }
    if (mode !== 'function') return;
    const template = target.function!;
    const segments = templateSegments(template);
    const sample = target.name_prefix + template.replace(/\{path\.\d+\}/g, 'a') + target.name_suffix;
    if (!isFunctionIdentifier(sample)) {
      ctx.addIssue({ code: 'custom', message: 'expected a Lambda function name, name:qualifier, ARN, or a template such as "{path.0}"', path: ['function'] });
    }
    if (segments.length > 0 && (target.allow === undefined || target.allow.length === 0)) {
      ctx.addIssue({
        code: 'custom',
        message: 'required when the function name comes from the path: the globs of the functions it may invoke',
        path: ['allow'],
      });
    }
    if (segments.length === 0 && target.allow !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'only applies when the function name comes from the path ({path.N})', path: ['allow'] });
    }
    if (target.qualifier !== undefined && namesQualifier(sample)) {
      ctx.addIssue({ code: 'custom', message: 'the function already names a qualifier', path: ['qualifier'] });
    }
  });

/** True when a function identifier ends with `:qualifier` (`name:prod`, `…:function:name:7`). */
function namesQualifier(identifier: string): boolean {
  const parts = identifier.split(':');
  const at = parts.indexOf('function');
  return at === -1 ? parts.length === 2 : parts.length > at + 2;
}

/**
 * The request template for S3 `PutObject` (a REST call: `PUT /{bucket}/{key}`): the key template
 * overrides the integration's `{key}` path parameter, the object's headers are set from their
 * parameters, and the body is written as it came (all of it by default).
 */
import type { ServiceParams } from '../../../core/ingest/index.js';
import type { MappingVtlOptions } from './mapping-vtl.js';
import { parameterBlock, paramVariable } from './template-parts.js';
import { vtlBlock } from './vtl-text.js';

/** The integration's path parameter the key template overrides. */
export const S3_KEY_PATH_PARAMETER = 'key';

/** `PutObject` parameters that travel as request headers, and the header of each. */
export const S3_PARAMETER_HEADERS: Readonly<Record<string, string>> = {
  ContentType: 'Content-Type',
  CacheControl: 'Cache-Control',
  ContentDisposition: 'Content-Disposition',
  ContentEncoding: 'Content-Encoding',
  ContentLanguage: 'Content-Language',
  Tagging: 'x-amz-tagging',
};

/**
 * `PutObject`: overrides, then the body.
 *
 * @example
 * ```ts
 * s3RequestTemplate(params, {}); // '…#set($context.requestOverride.path.key = $pKey)…$pBody'
 * ```
 * @internal
 */
export function s3RequestTemplate(params: ServiceParams, options: MappingVtlOptions): string {
  const headers = Object.entries(S3_PARAMETER_HEADERS)
    .filter(([name]) => Object.hasOwn(params.params, name))
    .map(([name, header]) => `#if($${paramVariable(name)} != "")#set($context.requestOverride.header.${header} = $${paramVariable(name)})#end`);
  const body = Object.hasOwn(params.params, 'Body') ? `$${paramVariable('Body')}` : '';
  return [
    parameterBlock(params, options),
    vtlBlock([`#set($context.requestOverride.path.${S3_KEY_PATH_PARAMETER} = $${paramVariable('Key')})`, ...headers]),
    body,
  ].join('');
}

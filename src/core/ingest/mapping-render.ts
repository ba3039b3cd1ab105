/**
 * Writes compiled values back in API Gateway HTTP API syntax, for the native face's
 * `RequestParameters`: a lone reference as `$request.…`, anything else as text with `${…}`.
 * Compiling the output gives the same compiled value, which is what lets a parity test compare
 * what the local executor sends with what the synthesized integration evaluates.
 */
import type { CompiledMapping, MappingReference } from './mapping-compile.js';
import { renderJsonPath } from './json-path.js';

/**
 * The `RequestParameters` value string for one compiled value.
 *
 * @example
 * ```ts
 * const compiled = compileMapping('${request.body.a}');
 * if (compiled.ok) renderMapping(compiled.mapping); // '$request.body.a'
 * ```
 */
export function renderMapping(mapping: CompiledMapping): string {
  const [only] = mapping.parts;
  if (mapping.parts.length === 1 && only!.kind === 'ref') return `$${renderReference(only!.ref)}`;
  return mapping.parts.map((part) => (part.kind === 'text' ? part.text : `\${${renderReference(part.ref)}}`)).join('');
}

/**
 * `RequestParameters` for a whole parameter map, e.g. an HTTP API `SQS-SendMessage` integration's.
 *
 * @example
 * ```ts
 * const body = compileMapping('${request.body}');
 * if (body.ok) renderRequestParameters({ QueueUrl: staticMapping(queueUrl), MessageBody: body.mapping });
 * // { QueueUrl: 'https://sqs…', MessageBody: '$request.body' }
 * ```
 */
export function renderRequestParameters(params: Readonly<Record<string, CompiledMapping>>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([name, mapping]) => [name, renderMapping(mapping)]));
}

function renderReference(ref: MappingReference): string {
  switch (ref.kind) {
    case 'body':
      return `request.body${renderJsonPath(ref.steps)}`;
    case 'header':
      return `request.header.${ref.name}`;
    case 'querystring':
      return `request.querystring.${ref.name}`;
    case 'path':
      return ref.name === undefined ? 'request.path' : `request.path.${ref.name}`;
    case 'context':
      return `context.${ref.name}`;
    case 'claim':
      return `context.authorizer.claims.${ref.name}`;
  }
}

/**
 * Pieces every request template shares: the parameter block that evaluates a route's `params`
 * (one Velocity variable per parameter, `$p<Name>`), and the ways a value is written into a
 * service's wire format.
 */
import type { ServiceParams } from '../../../core/ingest/index.js';
import { mappingVtl, type MappingVtlOptions } from './mapping-vtl.js';
import { VTL_PRELUDE, vtlBlock } from './vtl-text.js';

/**
 * The Velocity variable holding a parameter's value, e.g. `pMessageBody`.
 *
 * @internal
 */
export function paramVariable(name: string): string {
  return `p${name}`;
}

/**
 * The prelude and one block per parameter: everything a template computes before it writes.
 * Writes nothing itself.
 *
 * @internal
 */
export function parameterBlock(params: ServiceParams, options: MappingVtlOptions): string {
  const lines = Object.entries(params.params).flatMap(([name, mapping]) => mappingVtl(mapping, paramVariable(name), options));
  return `${VTL_PRELUDE}\n${vtlBlock(lines)}`;
}

/**
 * A value as the content of a JSON string. `$util.escapeJavaScript` escapes `'` as `\'`, which
 * JSON does not allow, so that one escape is undone (a known API Gateway gotcha).
 *
 * @internal
 */
export function jsonText(variable: string): string {
  return `$util.escapeJavaScript($${variable}).replaceAll("\\\\'", "'")`;
}

/**
 * `"Name":"value"` for a JSON body; optional parameters only when they have a value, each
 * preceded by a comma (a required one comes first so the object never starts with a comma).
 *
 * @internal
 */
export function jsonMember(name: string, required: boolean): string {
  const member = `"${name}":"${jsonText(paramVariable(name))}"`;
  return required ? member : `#if($${paramVariable(name)} != ""),${member}#end`;
}

/**
 * `&Name=value` for a query-protocol (form) body, only when the parameter has a value unless it
 * is required (then the service says it is missing).
 *
 * @internal
 */
export function formField(name: string, required: boolean, field: string = name): string {
  const pair = `&${field}=$util.urlEncode($${paramVariable(name)})`;
  return required ? pair : `#if($${paramVariable(name)} != "")${pair}#end`;
}

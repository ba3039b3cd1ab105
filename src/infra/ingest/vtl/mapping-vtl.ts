/**
 * The one generator from `params` to VTL: a compiled mapping value (`mapping-compile.ts`)
 * becomes directives that set a Velocity variable to the text the local executor's
 * `evaluateMapping` gives for the same request, so both faces read one meaning:
 *
 * - `$request.body` is `$input.body`; a body path is the JSON value there, a string as it is
 *   and anything else as JSON text (`$input.path` / `$input.json`), `null` or nothing as empty;
 * - headers are found case-insensitively, as HTTP names are;
 * - claims come from the authorizer: Cognito's `claims` map, or the Sluice Lambda authorizer's
 *   context, which carries each claim as the same text (`claim-values.ts`);
 * - a reference that finds nothing is empty text; an empty result leaves the parameter out.
 *
 * Variables set with a null value keep their old value in Velocity 1.7, so every reference
 * first resets `$sluiceRef` to empty text.
 */
import type { CompiledMapping, MappingReference } from '../../../core/ingest/index.js';
import { renderJsonPath } from '../../../core/ingest/index.js';
import { vtlString } from './vtl-text.js';

/** Where the route's JWT claims are read from on API Gateway. */
export type ClaimSource = 'cognito' | 'lambda';

/** Options of {@link mappingVtl}. */
export interface MappingVtlOptions {
  /** @default 'cognito' */
  readonly claims?: ClaimSource;
}

/**
 * Directives that set `$<variable>` to a compiled value's text for the request ("" when it
 * comes out empty).
 *
 * @example
 * ```ts
 * const compiled = compileMapping('order-${request.body.id}');
 * if (compiled.ok) mappingVtl(compiled.mapping, 'pKey');
 * // ['#set($pKey = "")', '#set($pKey = "${pKey}order-")', '#set($sluiceRef = "")', …, '#set($pKey = "${pKey}$!{sluiceRef}")']
 * ```
 */
export function mappingVtl(mapping: CompiledMapping, variable: string, options: MappingVtlOptions = {}): string[] {
  const lines = [`#set($${variable} = "")`];
  for (const part of mapping.parts) {
    if (part.kind === 'text') {
      lines.push(`#set($${variable} = "\${${variable}}${vtlString(part.text).slice(1, -1)}")`);
      continue;
    }
    lines.push('#set($sluiceRef = "")', ...referenceVtl(part.ref, options.claims ?? 'cognito'), `#set($${variable} = "\${${variable}}$!{sluiceRef}")`);
  }
  return lines;
}

/** Directives that set `$sluiceRef` to one reference's text, or leave it empty. */
function referenceVtl(ref: MappingReference, claims: ClaimSource): string[] {
  switch (ref.kind) {
    case 'body': {
      if (ref.steps.length === 0) return ['#set($sluiceRef = $input.body)'];
      const path = vtlString(`$${renderJsonPath(ref.steps)}`);
      return [
        '#set($sluiceJson = "")',
        `#set($sluiceJson = $input.json(${path}))`,
        // A JSON string is the string itself; null is no value; anything else is its JSON text.
        `#if($sluiceJson.startsWith($sluiceQuote))#set($sluiceRef = $input.path(${path}))#elseif($sluiceJson != "null")#set($sluiceRef = $sluiceJson)#end`,
      ];
    }
    case 'header':
      return [
        `#foreach($sluiceName in $input.params().header.keySet())#if($sluiceName.toLowerCase() == ${vtlString(ref.name)})#set($sluiceRef = $input.params().header.get($sluiceName))#end#end`,
      ];
    case 'querystring':
      return [`#set($sluiceRef = $input.params().querystring.get(${vtlString(ref.name)}))`];
    case 'path':
      // The whole path is refused before this (rest-route-check.ts): a stage or base path changes it.
      return ref.name === undefined ? [] : [`#set($sluiceRef = $input.params().path.get(${vtlString(ref.name)}))`];
    case 'context':
      return [ref.name === 'requestId' ? '#set($sluiceRef = $context.requestId)' : '#set($sluiceRef = $context.identity.sourceIp)'];
    case 'claim':
      return claims === 'cognito'
        ? [`#set($sluiceRef = $context.authorizer.claims.get(${vtlString(ref.name)}))`]
        : [`#set($sluiceRef = $context.authorizer.get(${vtlString(ref.name)}))`];
  }
}

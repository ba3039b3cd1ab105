/**
 * CORS on a REST API with the local face's meaning (`src/gateway/cors.ts`): the
 * `Access-Control-*` headers go to allowed origins only, so they are set by the response
 * template from the request's `Origin` (a static response header cannot depend on it), and
 * `Vary: Origin` is sent whenever the answer depends on the origin.
 */
import type { CorsConfig } from '../../../core/config-schema.js';
import { corsDefaults } from '../../../core/cors-schema.js';
import { vtlBlock, vtlString } from './vtl-text.js';

/** The static headers both kinds of answer carry, as `method.response.header.*` values. */
export function corsStaticHeaders(cors: CorsConfig): Record<string, string> {
  return cors.allow_origins.includes('*') ? {} : { Vary: 'Origin' };
}

/**
 * Directives that set the CORS headers for an allowed `Origin`, for a preflight's answer or an
 * actual response. Writes nothing.
 *
 * @example
 * ```ts
 * corsVtl({ allow_origins: ['https://app.example.com'], allow_headers: [], expose_headers: [], allow_credentials: false }, ['POST'], 'preflight');
 * ```
 * @internal
 */
export function corsVtl(cors: CorsConfig, routeMethods: readonly string[] | undefined, kind: 'preflight' | 'actual'): string {
  const anyOrigin = cors.allow_origins.includes('*');
  const headers: [string, string][] = [];
  if (cors.allow_credentials) headers.push(['Access-Control-Allow-Credentials', 'true']);
  if (kind === 'preflight') {
    headers.push(['Access-Control-Allow-Methods', (cors.allow_methods ?? routeMethods ?? corsDefaults.allow_methods).join(', ')]);
    if (cors.allow_headers.length > 0) headers.push(['Access-Control-Allow-Headers', cors.allow_headers.join(', ')]);
    if (cors.max_age !== undefined) headers.push(['Access-Control-Max-Age', String(Math.floor(cors.max_age / 1_000))]);
  } else if (cors.expose_headers.length > 0) {
    headers.push(['Access-Control-Expose-Headers', cors.expose_headers.join(', ')]);
  }
  const set = (name: string, value: string): string => `#set($context.responseOverride.header.${name} = ${value})`;
  return vtlBlock([
    '#set($sluiceOrigin = "")',
    '#foreach($sluiceName in $input.params().header.keySet())#if($sluiceName.toLowerCase() == "origin")#set($sluiceOrigin = $input.params().header.get($sluiceName))#end#end',
    anyOrigin
      ? '#set($sluiceAllowed = $sluiceOrigin != "")'
      : `#set($sluiceAllowed = false)#foreach($sluiceAllowedOrigin in [${cors.allow_origins.map(vtlString).join(', ')}])#if($sluiceAllowedOrigin == $sluiceOrigin)#set($sluiceAllowed = true)#end#end`,
    '#if($sluiceAllowed)',
    set('Access-Control-Allow-Origin', anyOrigin ? '"*"' : '$sluiceOrigin'),
    ...headers.map(([name, value]) => set(name, vtlString(value))),
    '#end',
  ]);
}

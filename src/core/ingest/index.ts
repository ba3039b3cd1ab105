export { compileMapping, isWholeBody, staticMapping } from './mapping-compile.js';
export type { CompiledMapping, ContextVariable, MappingCompile, MappingPart, MappingReference } from './mapping-compile.js';
export { evaluateMapping, evaluateParams, JSON_PATH_BODY_LIMIT, MappingScope } from './mapping-evaluate.js';
export type { MappingRequest } from './mapping-evaluate.js';
export { renderMapping, renderRequestParameters } from './mapping-render.js';
export { parseJsonPath, renderJsonPath, selectJsonPath } from './json-path.js';
export type { JsonPathParse, JsonPathStep } from './json-path.js';
export { compileServiceParams, evaluateServiceParams, INGEST_SERVICE_PARAMS } from './service-params.js';
export type { IngestService, ServiceParams, ServiceParamsInput, ServiceParamSpec, ServiceParamTable } from './service-params.js';

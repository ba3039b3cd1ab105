/**
 * The request template for DynamoDB `PutItem` (JSON 1.0): the item is a JSON object of the body
 * (all of it by default), marshalled to DynamoDB's types inside the template as the local face's
 * `marshall` does. Velocity has no recursion API Gateway supports, so the walk is unrolled to
 * {@link ITEM_NESTING_LIMIT} levels; a deeper value is written as an attribute DynamoDB refuses
 * (400 `ValidationException`), never silently cut.
 *
 * Values are read with `$input.json` at each path: its first character says the JSON type,
 * and a string's JSON text is already a JSON string, so no re-escaping is needed. Keys are
 * read with `$input.path(…).keySet()`. Object keys holding `'` cannot be addressed by API
 * Gateway's JSONPath and are refused by the same validation error.
 */
import type { ServiceParams } from '../../../core/ingest/index.js';
import { renderJsonPath } from '../../../core/ingest/index.js';
import { marshallJson } from './dynamodb-json.js';
import type { MappingVtlOptions } from './mapping-vtl.js';
import { jsonMember, jsonText, parameterBlock } from './template-parts.js';
import { vtlString } from './vtl-text.js';

/** Levels of nested maps and lists the template marshals below the item. */
export const ITEM_NESTING_LIMIT = 12;

/** What `PutItem`'s template needs beyond the compiled params: values fixed at synthesis. */
export interface DynamoDbTemplateInput {
  /** Where the item is in the body: `[]` for the whole body (the default `Item`). */
  readonly itemPath: Parameters<typeof renderJsonPath>[0];
  /** `ExpressionAttributeNames`, parsed from the route's static JSON text. */
  readonly expressionAttributeNames?: Readonly<Record<string, string>>;
  /** `ExpressionAttributeValues`, parsed from the route's static JSON text (plain JSON). */
  readonly expressionAttributeValues?: Readonly<Record<string, unknown>>;
}

/**
 * `PutItem` with the item marshalled from the body.
 *
 * @example
 * ```ts
 * dynamoDbRequestTemplate(params, { itemPath: [] }, {}); // '…{"TableName":"…","Item":{…}}'
 * ```
 * @internal
 */
export function dynamoDbRequestTemplate(params: ServiceParams, input: DynamoDbTemplateInput, options: MappingVtlOptions): string {
  const hasCondition = Object.hasOwn(params.params, 'ConditionExpression');
  return [
    parameterBlock(params, options),
    '{',
    jsonMember('TableName', true),
    `,"Item":${itemVtl(`$${renderJsonPath(input.itemPath)}`)}`,
    hasCondition ? jsonMember('ConditionExpression', false) : '',
    input.expressionAttributeNames === undefined ? '' : `,"ExpressionAttributeNames":${vtlSafeJson(input.expressionAttributeNames)}`,
    input.expressionAttributeValues === undefined
      ? ''
      : `,"ExpressionAttributeValues":${vtlSafeJson(marshallJson(input.expressionAttributeValues)).replace(/^\{"M":(.*)\}$/s, '$1')}`,
    '}',
  ].join('');
}

/** The item: the object at `path` as a map of attribute values (an invalid value when it is not an object). */
function itemVtl(path: string): string {
  return [`#set($sluicePath0 = ${vtlString(path)})`, valueVtl(0)].join('');
}

/**
 * One attribute value for the JSON at `$sluicePath<level>`, by its first character. Maps and
 * lists share one loop over their keys or indexes, so the template grows linearly with the
 * nesting limit. Level 0 is the item itself: a map written without its `{"M":…}` wrapper.
 */
function valueVtl(level: number): string {
  if (level > ITEM_NESTING_LIMIT) return '{"SLUICE_NESTING_LIMIT":true}';
  const json = `$sluiceJson${level}`;
  const isMap = `$sluiceIsMap${level}`;
  const keys = `$sluiceKeys${level}`;
  const key = `sluiceKey${level}`;
  const size = `$sluiceSize${level}`;
  const path = `sluicePath${level}`;
  const child = `$sluicePath${level + 1}`;
  const [openMap, closeMap] = level === 0 ? ['{', '}'] : ['{"M":{', '}}'];
  const composite = [
    `#if(${json}.startsWith("{"))#set(${isMap} = true)${openMap}#set(${keys} = $input.path($${path}).keySet())`,
    `#else#set(${isMap} = false){"L":[#set(${size} = $input.path($${path}).size())`,
    `#if(${size} == 0)#set(${keys} = [])#else#set(${size} = ${size} - 1)#set(${keys} = [0..${size}])#end#end`,
    `#foreach($${key} in ${keys})#if($foreach.count > 1),#end`,
    `#if(${isMap})"${jsonText(key)}":#set(${child} = "\${${path}}\${sluiceBracket}'\${${key}}']")`,
    `#else#set(${child} = "\${${path}}\${sluiceBracket}\${${key}}]")#end`,
    valueVtl(level + 1),
    `#end#if(${isMap})${closeMap}#else]}#end`,
  ].join('');
  if (level === 0) {
    return [
      `#set(${json} = "")#set(${json} = $input.json($${path}))`,
      `#if(${json}.startsWith("{"))${composite}#else{"":{"SLUICE_ITEM_NOT_AN_OBJECT":true}}#end`,
    ].join('');
  }
  return [
    `#set(${json} = "")#set(${json} = $input.json($${path}))`,
    `#if(${json}.startsWith($sluiceQuote)){"S":${json}}`,
    `#elseif(${json}.startsWith("{") || ${json}.startsWith($sluiceBracket))${composite}`,
    `#elseif(${json} == "true" || ${json} == "false"){"BOOL":${json}}`,
    `#elseif(${json} == "null"){"NULL":true}`,
    `#else{"N":"${json}"}#end`,
  ].join('');
}

/** JSON written into a template as text: `$` and `#` must not start a reference or directive. */
function vtlSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[$#]/g, (char) => (char === '$' ? '${sluiceDollar}' : '${sluiceHash}'));
}

/**
 * Request templates for the services API Gateway calls in an AWS JSON protocol: Kinesis
 * `PutRecord` and EventBridge `PutEvents` (one entry).
 */
import type { ServiceParams } from '../../../core/ingest/index.js';
import type { MappingVtlOptions } from './mapping-vtl.js';
import { jsonMember, jsonText, parameterBlock, paramVariable } from './template-parts.js';

/**
 * `PutRecord` (JSON 1.1): the data base64-encoded, as the protocol carries blobs.
 *
 * @example
 * ```ts
 * kinesisRequestTemplate(params, {}); // '…{"PartitionKey":"…","Data":"$util.base64Encode($pData)"…}'
 * ```
 * @internal
 */
export function kinesisRequestTemplate(params: ServiceParams, options: MappingVtlOptions): string {
  const optional = ['StreamName', 'StreamARN', 'ExplicitHashKey', 'SequenceNumberForOrdering'].filter((name) => Object.hasOwn(params.params, name));
  return [
    parameterBlock(params, options),
    '{',
    jsonMember('PartitionKey', true),
    `,"Data":"$util.base64Encode($${paramVariable('Data')})"`,
    ...optional.map((name) => jsonMember(name, false)),
    '}',
  ].join('');
}

/**
 * `PutEvents` with one entry (JSON 1.1). `Resources` is one ARN or a JSON array of them, as
 * the local face reads it.
 *
 * @example
 * ```ts
 * eventBridgeRequestTemplate(params, {}); // '…{"Entries":[{"Source":"…","DetailType":"…","Detail":"…"}]}'
 * ```
 * @internal
 */
export function eventBridgeRequestTemplate(params: ServiceParams, options: MappingVtlOptions): string {
  const optional = ['EventBusName', 'TraceHeader'].filter((name) => Object.hasOwn(params.params, name));
  return [
    parameterBlock(params, options),
    '{"Entries":[{',
    jsonMember('Source', true),
    `,${jsonMember('DetailType', true)}`,
    `,${jsonMember('Detail', true)}`,
    ...optional.map((name) => jsonMember(name, false)),
    Object.hasOwn(params.params, 'Resources') ? resourcesMember() : '',
    '}]}',
  ].join('');
}

function resourcesMember(): string {
  const resources = paramVariable('Resources');
  return [
    `#if($${resources} != "")`,
    ',"Resources":[',
    `#if($${resources}.trim().startsWith("["))`,
    `#foreach($sluiceResource in $util.parseJson($${resources}))#if($foreach.count > 1),#end"${jsonText('sluiceResource')}"#end`,
    `#else"${jsonText(resources)}"#end`,
    ']#end',
  ].join('');
}

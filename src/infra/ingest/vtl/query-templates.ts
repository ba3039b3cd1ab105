/**
 * Request templates for the services API Gateway calls in the AWS query protocol (a form body,
 * `Action=…`): SQS `SendMessage` and SNS `Publish`. Message attributes arrive as JSON text in
 * `params` (as the local face takes them) and are written as the protocol's numbered entries.
 */
import type { ServiceParams } from '../../../core/ingest/index.js';
import type { MappingVtlOptions } from './mapping-vtl.js';
import { formField, parameterBlock, paramVariable } from './template-parts.js';

/** How one service numbers the entries of an attribute map in a form body. */
interface AttributeEntries {
  /** The entry prefix, e.g. `MessageAttribute` (`MessageAttribute.1.Name=…`). */
  readonly prefix: string;
  /** Whether `BinaryValue` (base64 text) is carried. */
  readonly binary: boolean;
}

/**
 * `SendMessage` as a form body (API version 2012-11-05).
 *
 * @example
 * ```ts
 * sqsRequestTemplate(params, {}); // '…Action=SendMessage&Version=2012-11-05&QueueUrl=…&MessageBody=…'
 * ```
 * @internal
 */
export function sqsRequestTemplate(params: ServiceParams, options: MappingVtlOptions): string {
  return [
    parameterBlock(params, options),
    'Action=SendMessage&Version=2012-11-05',
    formField('QueueUrl', true),
    formField('MessageBody', true),
    ...optionalFields(params, ['DelaySeconds', 'MessageDeduplicationId', 'MessageGroupId']),
    attributeFields(params, 'MessageAttributes', { prefix: 'MessageAttribute', binary: true }),
    attributeFields(params, 'MessageSystemAttributes', { prefix: 'MessageSystemAttribute', binary: false }),
  ].join('');
}

/**
 * `Publish` as a form body (API version 2010-03-31).
 *
 * @example
 * ```ts
 * snsRequestTemplate(params, {}); // '…Action=Publish&Version=2010-03-31&TopicArn=…&Message=…'
 * ```
 * @internal
 */
export function snsRequestTemplate(params: ServiceParams, options: MappingVtlOptions): string {
  return [
    parameterBlock(params, options),
    'Action=Publish&Version=2010-03-31',
    formField('TopicArn', true),
    formField('Message', true),
    ...optionalFields(params, ['Subject', 'MessageStructure', 'MessageDeduplicationId', 'MessageGroupId']),
    attributeFields(params, 'MessageAttributes', { prefix: 'MessageAttributes.entry', binary: true }),
  ].join('');
}

function optionalFields(params: ServiceParams, names: readonly string[]): string[] {
  return names.filter((name) => Object.hasOwn(params.params, name)).map((name) => formField(name, false));
}

/** `{"Tenant":{"DataType":"String","StringValue":"acme"}}` as `<prefix>.1.Name=Tenant&<prefix>.1.Value.DataType=String&…`. */
function attributeFields(params: ServiceParams, name: string, entries: AttributeEntries): string {
  if (!Object.hasOwn(params.params, name)) return '';
  const entry = `${entries.prefix}.\${foreach.count}`;
  const value = (field: string): string => `#if("$!{sluiceAttribute.${field}}" != "")&${entry}.Value.${field}=$util.urlEncode($sluiceAttribute.${field})#end`;
  return [
    `#if($${paramVariable(name)} != "")`,
    `#set($sluiceAttributes = $util.parseJson($${paramVariable(name)}))`,
    '#foreach($sluiceAttributeName in $sluiceAttributes.keySet())',
    '#set($sluiceAttribute = $sluiceAttributes.get($sluiceAttributeName))',
    `&${entry}.Name=$util.urlEncode($sluiceAttributeName)`,
    `&${entry}.Value.DataType=$util.urlEncode($sluiceAttribute.DataType)`,
    value('StringValue'),
    entries.binary ? value('BinaryValue') : '',
    '#end#end',
  ].join('');
}

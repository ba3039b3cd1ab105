/**
 * Parameter values are text (mapping syntax evaluates to strings); these turn the ones a
 * service API wants as numbers or structures into them. A value the request made invalid is
 * the client's mistake: 400 naming the parameter, and the service is not called.
 */
import { BadRequestError } from '../../core/errors.js';

/**
 * A parameter holding JSON text (SQS and SNS `MessageAttributes`, …), parsed to an object.
 *
 * @throws BadRequestError when the text is not a JSON object.
 * @example
 * ```ts
 * jsonObjectParam({ MessageAttributes: '{"Event":{"DataType":"String","StringValue":"push"}}' }, 'MessageAttributes');
 * ```
 */
export function jsonObjectParam<T extends object>(values: Readonly<Record<string, string>>, name: string): T | undefined {
  const text = values[name];
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw new BadRequestError(`parameter ${name} is not JSON text`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BadRequestError(`parameter ${name} must be a JSON object`);
  return parsed as T;
}

/**
 * A parameter holding a whole number (SQS `DelaySeconds`, …).
 *
 * @throws BadRequestError when the text is not an integer in `[min, max]`.
 * @example
 * ```ts
 * integerParam({ DelaySeconds: '30' }, 'DelaySeconds', 0, 900); // 30
 * ```
 */
export function integerParam(values: Readonly<Record<string, string>>, name: string, min: number, max: number): number | undefined {
  const text = values[name];
  if (text === undefined) return undefined;
  const value = /^-?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new BadRequestError(`parameter ${name} must be a whole number from ${min} to ${max}`);
  return value;
}

/** One message attribute as SQS and SNS take it; `BinaryValue` arrives as base64 text in JSON. */
export interface MessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Uint8Array;
}

/**
 * SQS's and SNS's `MessageAttributes` from JSON text (`{"Event":{"DataType":"String","StringValue":"push"}}`),
 * with each `BinaryValue` decoded from base64, as the query protocol API Gateway speaks takes it.
 *
 * @throws BadRequestError when the text is not such a map.
 * @example
 * ```ts
 * messageAttributesParam({ MessageAttributes: '{"Tenant":{"DataType":"String","StringValue":"acme"}}' }, 'MessageAttributes');
 * ```
 */
export function messageAttributesParam(values: Readonly<Record<string, string>>, name: string): Record<string, MessageAttribute> | undefined {
  const raw = jsonObjectParam<Record<string, unknown>>(values, name);
  if (raw === undefined) return undefined;
  const out: Record<string, MessageAttribute> = {};
  for (const [key, value] of Object.entries(raw)) {
    const attribute = value as { DataType?: unknown; StringValue?: unknown; BinaryValue?: unknown } | null;
    if (typeof attribute !== 'object' || attribute === null || typeof attribute.DataType !== 'string') {
      throw new BadRequestError(`parameter ${name}: attribute "${key}" must be an object with a DataType`);
    }
    out[key] = {
      DataType: attribute.DataType,
      ...(typeof attribute.StringValue === 'string' && { StringValue: attribute.StringValue }),
      ...(typeof attribute.BinaryValue === 'string' && { BinaryValue: Buffer.from(attribute.BinaryValue, 'base64') }),
    };
  }
  return out;
}

import { describe, expect, it } from 'vitest';
import { attributesSize, decodeBody, encodeBody, fromLambdaRecord, sluiceIdOf } from './wire.js';

describe('Function: encodeBody', () => {
  it.each([
    ['JSON text', '{"id":"1","name":"héllo ✓ 𝄞"}'],
    ['tabs and newlines', 'a\tb\nc\r\n'],
  ])('keeps %s as it is', (_, text) => {
    // Act
    const encoded = encodeBody(text);

    // Assess
    expect(encoded).toEqual({ text, base64: false });
    expect(decodeBody(encoded.text, {}).toString('utf8')).toBe(text);
  });

  it.each([
    ['bytes that are not UTF-8', new Uint8Array([0xff, 0xfe, 0x00, 0x41])],
    ['UTF-8 with a NUL (SQS refuses it)', new Uint8Array(Buffer.from('a\u0000b'))],
    ['every byte value', new Uint8Array(Array.from({ length: 256 }, (_, index) => index))],
  ])('base64-encodes %s, and decoding gives the bytes back', (_, bytes) => {
    // Act
    const encoded = encodeBody(bytes);

    // Assess
    expect(encoded.base64).toBe(true);
    const decoded = decodeBody(encoded.text, { SluiceBodyEncoding: { DataType: 'String', StringValue: 'base64' } });
    expect(decoded.equals(Buffer.from(bytes))).toBe(true);
  });

  it('base64-encodes a string with a lone surrogate', () => {
    // Act
    const encoded = encodeBody('a\uD800b');

    // Assess
    expect(encoded.base64).toBe(true);
  });
});

describe('Function: attributesSize', () => {
  it('counts name, data type and value in UTF-8 bytes, as the extended clients do', () => {
    // Prepare
    const attributes = { ExtendedPayloadSize: { DataType: 'Number', StringValue: '300000' }, Note: { DataType: 'String', StringValue: 'é' } };

    // Act
    const size = attributesSize(attributes);

    // Assess
    expect(size).toBe('ExtendedPayloadSize'.length + 'Number'.length + 6 + 'Note'.length + 'String'.length + 2);
  });
});

describe('Function: fromLambdaRecord', () => {
  it('reads the receive count, sent time and attributes of a Lambda SQS event record', () => {
    // Prepare
    const record = {
      messageId: 'm-1',
      receiptHandle: 'h-1',
      body: 'x',
      attributes: { ApproximateReceiveCount: '3', SentTimestamp: '1700000000000' },
      messageAttributes: {
        SluiceMessageId: { dataType: 'String', stringValue: 'sluice-1' },
        Blob: { dataType: 'Binary', binaryValue: Buffer.from([1, 2]).toString('base64') },
      },
    };

    // Act
    const wire = fromLambdaRecord(record);

    // Assess
    expect(wire).toMatchObject({ messageId: 'm-1', receiptHandle: 'h-1', receiveCount: 3, sentAt: 1_700_000_000_000 });
    expect(sluiceIdOf(wire)).toBe('sluice-1');
    expect(Buffer.from(wire.attributes.Blob!.BinaryValue!)).toEqual(Buffer.from([1, 2]));
  });
});

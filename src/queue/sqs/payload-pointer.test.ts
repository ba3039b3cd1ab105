import { describe, expect, it } from 'vitest';
import { formatPointer, isPointerMessage, parsePointer, payloadSizeAttribute } from './payload-pointer.js';

describe('Function: formatPointer', () => {
  it('writes the pointer exactly as the Java extended client (Jackson, default typing) does', () => {
    // Prepare
    const pointer = { bucket: 'my-bucket', key: '8b1d2a4e-3c5f-4a6b-9c7d-0e1f2a3b4c5d' };

    // Act
    const body = formatPointer(pointer);

    // Assess
    expect(body).toBe('["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName":"my-bucket","s3Key":"8b1d2a4e-3c5f-4a6b-9c7d-0e1f2a3b4c5d"}]');
  });

  it('writes ExtendedPayloadSize as a Number attribute', () => {
    // Act
    const attribute = payloadSizeAttribute(262_145);

    // Assess
    expect(attribute).toEqual({ DataType: 'Number', StringValue: '262145' });
  });
});

describe('Function: parsePointer', () => {
  describe.each([
    { description: 'Sluice and the Java client 2.x', body: '["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName":"b","s3Key":"k"}]' },
    { description: 'the Java client 1.x (legacy class)', body: '["com.amazon.sqs.javamessaging.MessageS3Pointer",{"s3BucketName":"b","s3Key":"k"}]' },
    {
      description: 'the Python client (json.dumps spacing)',
      body: '["software.amazon.payloadoffloading.PayloadS3Pointer", {"s3BucketName": "b", "s3Key": "k"}]',
    },
    {
      description: 'the Python client with use_legacy_attribute',
      body: '["com.amazon.sqs.javamessaging.MessageS3Pointer", {"s3BucketName": "b", "s3Key": "k"}]',
    },
  ])('a pointer written by $description', ({ body }) => {
    it('reads bucket and key', () => {
      // Act
      const pointer = parsePointer(body);

      // Assess
      expect(pointer).toEqual({ bucket: 'b', key: 'k' });
    });
  });

  it.each([
    ['not JSON', 'hello'],
    ['a JSON record', '{"id":"1"}'],
    ['an unknown class', '["com.example.Pointer",{"s3BucketName":"b","s3Key":"k"}]'],
    ['a missing key', '["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName":"b"}]'],
    ['an empty bucket', '["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName":"","s3Key":"k"}]'],
    ['three elements', '["software.amazon.payloadoffloading.PayloadS3Pointer",{"s3BucketName":"b","s3Key":"k"},1]'],
  ])('rejects %s with PayloadPointerError', (_, body) => {
    // Act
    const attempt = (): unknown => parsePointer(body);

    // Assess
    expect(attempt).toThrow(expect.objectContaining({ name: 'PayloadPointerError', code: 'SLUICE_PAYLOAD_POINTER' }));
  });
});

describe('Function: isPointerMessage', () => {
  it.each([
    ['the current size attribute', 'x', { ExtendedPayloadSize: { DataType: 'Number', StringValue: '1' } }, true],
    ['the legacy size attribute', 'x', { SQSLargePayloadSize: { DataType: 'Number', StringValue: '1' } }, true],
    ['a pointer body without attributes', formatPointer({ bucket: 'b', key: 'k' }), {}, true],
    ['a record', '{"id":"1"}', {}, false],
  ])('%s: %s', (_, body, attributes, expected) => {
    // Act
    const pointer = isPointerMessage(body, attributes);

    // Assess
    expect(pointer).toBe(expected);
  });
});

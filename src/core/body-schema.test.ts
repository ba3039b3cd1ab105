import { describe, expect, it } from 'vitest';
import { BODY_SCHEMA_LIMITS, BodySchema } from './body-schema.js';
import { BodyInvalidError } from './errors.js';

const SOURCE = { ref: './hook.json', file: '/etc/sluice/hook.json' };

const ORDER = {
  type: 'object',
  required: ['id', 'email'],
  properties: { id: { type: 'integer' }, email: { type: 'string', format: 'email' }, items: { type: 'array', items: { type: 'string' } } },
  additionalProperties: false,
};

function compiled(document: unknown): BodySchema {
  const loaded = BodySchema.compile(document, SOURCE);
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.schema;
}

function refusal(schema: BodySchema, body: string): BodyInvalidError {
  try {
    schema.validate(Buffer.from(body));
  } catch (error) {
    expect(error).toBeInstanceOf(BodyInvalidError);
    return error as BodyInvalidError;
  }
  throw new Error('expected a BodyInvalidError');
}

describe('Class: BodySchema', () => {
  describe('Method: parse', () => {
    it('keeps the document as the file has it, with where it came from', () => {
      // Act
      const loaded = BodySchema.parse(JSON.stringify(ORDER), SOURCE);

      // Assess
      expect(loaded.ok).toBe(true);
      expect(loaded.ok && loaded.schema).toMatchObject({ ref: './hook.json', file: '/etc/sluice/hook.json', document: ORDER });
    });

    it.each([
      { description: 'text that is not JSON, with its line and column', text: '{\n  "type": "object",\n}', message: /^\.\/hook\.json is not JSON \(/ },
      { description: 'JSON that is not an object', text: '["type"]', message: /expected a JSON Schema object/ },
      { description: 'an unsupported $schema', text: '{"$schema":"http://json-schema.org/draft-04/schema#"}', message: /\$schema: expected one of .*draft-04/ },
      { description: 'a keyword with a wrong value', text: '{"type":"objekt"}', message: /is not a valid JSON Schema: schema is invalid/ },
      { description: 'a misspelled keyword', text: '{"type":"object","requried":["id"]}', message: /unknown keyword: "requried"/ },
      { description: 'an unknown format', text: '{"type":"string","format":"emial"}', message: /unknown format "emial"/ },
      { description: 'a $ref to a remote document (never fetched)', text: '{"$ref":"https://example.com/schema.json"}', message: /can't resolve reference/ },
    ])('refuses $description', ({ text, message }) => {
      // Act
      const loaded = BodySchema.parse(text, SOURCE);

      // Assess
      expect(loaded.ok).toBe(false);
      expect(!loaded.ok && loaded.message).toMatch(message);
    });

    it('says where a JSON syntax error is when the parser gives a position', () => {
      // Act
      const loaded = BodySchema.parse('{\n  "type": "object"\n  "required": []\n}', SOURCE);

      // Assess
      expect(!loaded.ok && loaded.message).toMatch(/line 3, column 3/);
    });

    it.each([
      { dialect: 'draft-07', $schema: 'http://json-schema.org/draft-07/schema#', document: { items: [{ type: 'string' }] }, valid: '["a"]', invalid: '[1]' },
      {
        dialect: '2019-09',
        $schema: 'https://json-schema.org/draft/2019-09/schema',
        document: { dependentRequired: { a: ['b'] } },
        valid: '{"a":1,"b":2}',
        invalid: '{"a":1}',
      },
      {
        dialect: '2020-12',
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        document: { prefixItems: [{ type: 'string' }] },
        valid: '["a"]',
        invalid: '[1]',
      },
    ])('compiles $dialect schemas by their $schema', ({ $schema, document, valid, invalid }) => {
      // Prepare
      const schema = compiled({ $schema, ...document });

      // Act & Assess
      expect(schema.validate(Buffer.from(valid))).toEqual(JSON.parse(valid));
      expect(refusal(schema, invalid).violations).toHaveLength(1);
    });
  });

  describe('Method: validate', () => {
    it('returns the parsed body when it matches', () => {
      // Act
      const value = compiled(ORDER).validate(Buffer.from('{"id":7,"email":"a@example.com","items":["x"]}'));

      // Assess
      expect(value).toEqual({ id: 7, email: 'a@example.com', items: ['x'] });
    });

    it('lists every violation with where it is and what was expected', () => {
      // Act
      const error = refusal(compiled(ORDER), '{"id":"seven","email":"not-an-address","items":[1],"extra":true}');

      // Assess
      expect(error).toMatchObject({ code: 'SLUICE_BODY_INVALID', statusCode: 400, omitted: 0 });
      expect(error.violations).toEqual(
        expect.arrayContaining([
          { instancePath: '', message: 'must NOT have additional properties' },
          { instancePath: '/id', message: 'must be integer' },
          { instancePath: '/email', message: 'must match format "email"' },
          { instancePath: '/items/0', message: 'must be string' },
        ]),
      );
      expect(error.toJSON().error.errors).toEqual(error.violations);
    });

    it(`lists at most ${BODY_SCHEMA_LIMITS.maxListed} violations and counts the rest`, () => {
      // Prepare
      const strings = compiled({ type: 'array', items: { type: 'string' } });

      // Act
      const error = refusal(strings, JSON.stringify(Array.from({ length: 25 }, (_, i) => i)));

      // Assess
      expect(error.violations).toHaveLength(BODY_SCHEMA_LIMITS.maxListed);
      expect(error.omitted).toBe(25 - BODY_SCHEMA_LIMITS.maxListed);
      expect(error.toJSON().error).toMatchObject({ errors_omitted: 15 });
    });

    it(`stops at the first violation in a body over ${BODY_SCHEMA_LIMITS.allErrorsMaxBytes} bytes`, () => {
      // Prepare
      const strings = compiled({ type: 'array', items: { type: 'string' } });
      const many = JSON.stringify(Array.from({ length: BODY_SCHEMA_LIMITS.allErrorsMaxBytes / 2 }, () => 1));

      // Act
      const error = refusal(strings, many);

      // Assess
      expect(error.violations).toEqual([{ instancePath: '/0', message: 'must be string' }]);
      expect(error.omitted).toBe(0);
    });

    it.each([
      { description: 'text', body: 'id=7' },
      { description: 'an empty body', body: '' },
      { description: 'JSON cut short', body: '{"id":7' },
    ])('refuses $description as not JSON, without quoting it', ({ body }) => {
      // Act
      const error = refusal(compiled(ORDER), body);

      // Assess
      expect(error).toMatchObject({ code: 'SLUICE_BODY_INVALID', violations: [] });
      expect(error.message).toMatch(/not JSON/);
      if (body !== '') expect(error.message).not.toContain(body);
    });
  });
});

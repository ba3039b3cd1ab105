import { describe, expect, it } from 'vitest';
import { mayHoldFields, redactBody } from './body-redact.js';
import { BodyFieldRedactor } from './redact.js';

const R = '[REDACTED]';
const ENCODED = encodeURIComponent(R);
const FIELDS = new BodyFieldRedactor(['password', 'card.number', 'items.*.secret']);
const FORM = 'application/x-www-form-urlencoded';
const BOUNDARY = '----sluice7MA4YWxk';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

/** A multipart/form-data body with CRLF line ends, as browsers and curl send it. */
function multipart(parts: readonly { headers: readonly string[]; content: string }[], boundary = BOUNDARY): string {
  return `${parts.map((part) => `--${boundary}\r\n${part.headers.join('\r\n')}\r\n\r\n${part.content}\r\n`).join('')}--${boundary}--\r\n`;
}

function field(name: string, content: string): { headers: string[]; content: string } {
  return { headers: [`Content-Disposition: form-data; name="${name}"`], content };
}

function redact(body: string, contentType: string | undefined, truncated = false): string | undefined {
  return redactBody(Buffer.from(body, 'utf8'), contentType, truncated, FIELDS)?.toString('utf8');
}

describe('Function: redactBody', () => {
  describe.each([
    { description: 'declared application/json', contentType: 'application/json' },
    { description: 'declared *+json', contentType: 'application/vnd.api+json; charset=utf-8' },
    { description: 'sent as text/plain (issue #10)', contentType: 'text/plain;charset=UTF-8' },
    { description: 'sent without a Content-Type (issue #10)', contentType: undefined },
    { description: 'sent as application/octet-stream', contentType: 'application/octet-stream' },
  ])('JSON $description', ({ contentType }) => {
    it('redacts fields in any case, bare names at any depth and anchored paths', () => {
      // Prepare
      const body = JSON.stringify({ Password: 'PW1', user: { password: 'PW2' }, card: { number: '4111', exp: '12/30' }, items: [{ secret: 'S' }] });

      // Act
      const result = redact(body, contentType);

      // Assess
      expect(JSON.parse(result!)).toEqual({ Password: R, user: { password: R }, card: { number: R, exp: '12/30' }, items: [{ secret: R }] });
    });

    it('redacts a top-level array after white space and a byte-order mark', () => {
      expect(JSON.parse(redact(`\uFEFF \n[{"password":"PW"}]`, contentType)!)).toEqual([{ password: R }]);
    });

    it('stores nothing of JSON cut by the capture limit', () => {
      expect(redact('{"a":1,"password":"PW', contentType, true)).toBeUndefined();
    });

    it('stores nothing of a body that opens like JSON but does not parse', () => {
      expect(redact('{"password": "PW",', contentType)).toBeUndefined();
    });

    it('keeps a body without a matching field byte for byte', () => {
      const bytes = Buffer.from('{ "a" : 1 }');
      expect(redactBody(bytes, contentType, false, FIELDS)).toBe(bytes);
    });
  });

  it('keeps text that does not look like JSON as it is', () => {
    const bytes = Buffer.from('password is hunter2');
    expect(redactBody(bytes, 'text/plain', false, FIELDS)).toBe(bytes);
  });

  it('keeps binary that starts like JSON but is not UTF-8', () => {
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x00]);
    expect(redactBody(bytes, 'image/png', false, FIELDS)).toBe(bytes);
  });

  it('stores nothing of a declared JSON body that is not UTF-8', () => {
    expect(redactBody(Buffer.from([0x7b, 0xff, 0x7d]), 'application/json', false, FIELDS)).toBeUndefined();
  });

  it('redacts JSON lines line by line', () => {
    expect(redact('{"password":"a"}\n{"b":1}\n\n{"PASSWORD":"c"}\n', 'application/x-ndjson')).toBe(`{"password":"${R}"}\n{"b":1}\n\n{"PASSWORD":"${R}"}\n`);
  });

  describe('form posts (issue #10)', () => {
    it.each([
      { description: 'a field', body: 'user=neo&password=PW', expected: `user=neo&password=${ENCODED}` },
      { description: 'a field in another case', body: 'Password=PW&x=1', expected: `Password=${ENCODED}&x=1` },
      { description: 'a nested bracket name', body: 'user[password]=PW&user[name]=neo', expected: `user[password]=${ENCODED}&user[name]=neo` },
      { description: 'an encoded bracket name', body: 'user%5Bpassword%5D=PW', expected: `user%5Bpassword%5D=${ENCODED}` },
      { description: 'a dotted path as brackets', body: 'card[number]=4111&card[exp]=12', expected: `card[number]=${ENCODED}&card[exp]=12` },
      { description: 'a dotted path as a dotted name', body: 'card.number=4111', expected: `card.number=${ENCODED}` },
      {
        description: 'a wildcard path with []',
        body: 'items[][secret]=a&items[0][secret]=b&items[0][id]=1',
        expected: `items[][secret]=${ENCODED}&items[0][secret]=${ENCODED}&items[0][id]=1`,
      },
      { description: 'an array field', body: 'password[]=a&password[]=b', expected: `password[]=${ENCODED}&password[]=${ENCODED}` },
      { description: 'an encoded name', body: 'p%61ssword=PW', expected: `p%61ssword=${ENCODED}` },
      { description: 'a pair after ;', body: 'a=1;password=PW', expected: `a=1;password=${ENCODED}` },
    ])('redacts $description, keeping every other byte', ({ body, expected }) => {
      expect(redact(body, FORM)).toBe(expected);
    });

    it('redacts JSON mislabelled as a form as JSON', () => {
      expect(redact('{"Password":"PW"}', FORM)).toBe(`{"Password":"${R}"}`);
    });

    it('redacts what a body cut by the capture limit holds', () => {
      expect(redact('a=1&password=PW-cut', `${FORM}; charset=UTF-8`, true)).toBe(`a=1&password=${ENCODED}`);
    });

    it('keeps bytes that are not UTF-8 as they were', () => {
      // Prepare
      const bytes = Buffer.concat([Buffer.from('note='), Buffer.from([0xe9, 0xff]), Buffer.from('&password=PW')]);

      // Act
      const result = redactBody(bytes, FORM, false, FIELDS)!;

      // Assess
      expect(result.equals(Buffer.concat([Buffer.from('note='), Buffer.from([0xe9, 0xff]), Buffer.from(`&password=${ENCODED}`)]))).toBe(true);
    });
  });

  describe('multipart/form-data (issue #10)', () => {
    it('redacts a named field and a file part by field name, keeping the other parts and the boundaries', () => {
      // Prepare
      const body = multipart([
        field('user', 'neo'),
        field('Password', 'PW-MULTIPART'),
        { headers: ['Content-Disposition: form-data; name="card[number]"; filename="card.txt"', 'Content-Type: text/plain'], content: '4111 1111' },
        { headers: ['Content-Disposition: form-data; name="avatar"; filename="password.png"', 'Content-Type: image/png'], content: 'PNGDATA' },
      ]);

      // Act
      const result = redact(body, MULTIPART);

      // Assess
      expect(result).toBe(
        multipart([
          field('user', 'neo'),
          field('Password', R),
          { headers: ['Content-Disposition: form-data; name="card[number]"; filename="card.txt"', 'Content-Type: text/plain'], content: R },
          { headers: ['Content-Disposition: form-data; name="avatar"; filename="password.png"', 'Content-Type: image/png'], content: 'PNGDATA' },
        ]),
      );
    });

    it('redacts JSON inside a part by its fields', () => {
      // Prepare
      const body = multipart([{ headers: ['Content-Disposition: form-data; name="meta"', 'Content-Type: application/json'], content: '{"password":"PW"}' }]);

      // Act
      const result = redact(body, MULTIPART);

      // Assess
      expect(result).toBe(
        multipart([{ headers: ['Content-Disposition: form-data; name="meta"', 'Content-Type: application/json'], content: `{"password":"${R}"}` }]),
      );
    });

    it('reads a quoted boundary, a preamble, an unquoted name, escapes and an epilogue', () => {
      // Prepare
      const boundary = 'a:b c';
      const parts = multipart([{ headers: ['content-disposition: form-data; name=password'], content: 'PW' }, field('x\\"y', '1')], boundary);

      // Act
      const result = redact(`preamble\r\n${parts}epilogue`, `multipart/form-data; boundary="${boundary}"`);

      // Assess
      expect(result).toBe(
        `preamble\r\n${multipart([{ headers: ['content-disposition: form-data; name=password'], content: R }, field('x\\"y', '1')], boundary)}epilogue`,
      );
    });

    it('keeps a body without a matching part as the same buffer', () => {
      const bytes = Buffer.from(multipart([field('user', 'neo')]));
      expect(redactBody(bytes, MULTIPART, false, FIELDS)).toBe(bytes);
    });

    it.each([
      { description: 'cut by the capture limit', body: multipart([field('user', 'neo')]).slice(0, 60), contentType: MULTIPART, truncated: true },
      { description: 'without a boundary parameter', body: multipart([field('password', 'PW')]), contentType: 'multipart/form-data', truncated: false },
      { description: 'with another boundary', body: multipart([field('password', 'PW')], 'other'), contentType: MULTIPART, truncated: false },
      {
        description: 'without its close delimiter',
        body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="password"\r\n\r\nPW`,
        contentType: MULTIPART,
        truncated: false,
      },
      {
        description: 'with a part missing its blank line',
        body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="password"\r\nPW\r\n--${BOUNDARY}--`,
        contentType: MULTIPART,
        truncated: false,
      },
    ])('stores nothing of a multipart body $description', ({ body, contentType, truncated }) => {
      expect(redact(body, contentType, truncated)).toBeUndefined();
    });
  });
});

describe('Function: mayHoldFields', () => {
  it.each([
    { contentType: 'image/png', head: 'PNG', expected: false },
    { contentType: 'text/html', head: '<html>', expected: false },
    { contentType: undefined, head: ' {', expected: true },
    { contentType: 'text/plain', head: '   ', expected: true },
    { contentType: FORM, head: 'a', expected: true },
    { contentType: MULTIPART, head: '-', expected: true },
    { contentType: 'application/json', head: '1', expected: true },
  ])('is $expected for $contentType starting with "$head"', ({ contentType, head, expected }) => {
    expect(mayHoldFields(contentType, Buffer.from(head))).toBe(expected);
  });
});

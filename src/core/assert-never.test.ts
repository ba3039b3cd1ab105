import { describe, expect, it } from 'vitest';
import { assertNever } from './assert-never.js';

describe('Function: assertNever', () => {
  it('names the discriminant it was given, and nothing else of the value', () => {
    // Prepare
    const unknown = { type: 'ftp', url: 'ftp://user:secret@example.com' } as never;

    // Act
    const act = (): never => assertNever(unknown, 'type');

    // Assess
    expect(act).toThrow(TypeError);
    expect(act).toThrow('unexpected type "ftp"');
    expect(act).not.toThrow(/secret/);
  });

  it('names a bare value', () => {
    // Act
    const act = (): never => assertNever('redis' as never, 'driver');

    // Assess
    expect(act).toThrow('unexpected driver "redis"');
  });
});

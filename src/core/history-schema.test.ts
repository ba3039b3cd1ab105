import { describe, expect, it } from 'vitest';
import { configSchema } from './config-schema.js';
import { historyDefaults } from './history-schema.js';

describe('Config: history', () => {
  it('is on with the defaults when absent', () => {
    // Act
    const config = configSchema.parse({});

    // Assess
    expect(config.history).toEqual({ retention: historyDefaults.retention_ms, max_size: historyDefaults.max_size_bytes });
  });

  it('is off with history: false', () => {
    // Act & Assess
    expect(configSchema.parse({ history: false }).history).toBe(false);
  });

  it('reads its bounds in units', () => {
    // Act
    const config = configSchema.parse({ history: { retention: '2d', max_size: '100MiB' } });

    // Assess
    expect(config.history).toEqual({ retention: 2 * 86_400_000, max_size: 100 * 1024 * 1024 });
  });

  it.each([
    { description: 'true', value: true, path: ['history'] },
    { description: 'an unknown key', value: { retention: '1d', keep: 3 }, path: ['history'] },
    { description: 'a bad bound, at its own key', value: { max_size: 'lots' }, path: ['history', 'max_size'] },
  ])('refuses $description', ({ value, path }) => {
    // Act
    const result = configSchema.safeParse({ history: value });

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(path);
  });
});

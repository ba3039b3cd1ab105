import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { inTermsOfFlags, parseDeployFlags } from './synth-options.js';

describe('Function: parseDeployFlags', () => {
  it('parses the batch size and window, and takes the region from AWS_REGION when no flag sets it', () => {
    // Act
    const flags = parseDeployFlags({ batchSize: '100', batchingWindow: '5s' }, { AWS_REGION: 'eu-west-1' });

    // Assess
    expect(flags).toEqual({ region: 'eu-west-1', batchSize: 100, batchingWindowMs: 5_000 });
  });

  it('leaves the region unset without flag or variable: the templates then fit any region', () => {
    // Act
    const flags = parseDeployFlags({}, {});

    // Assess
    expect(flags).toEqual({});
  });

  it('names every bad flag at once', () => {
    // Act
    const attempt = (): unknown => parseDeployFlags({ region: 'Mars', batchSize: 'ten', batchingWindow: 'soon' }, {});

    // Assess
    expect(attempt).toThrow(
      expect.objectContaining({ code: 'SLUICE_USAGE', message: expect.stringMatching(/--region[\s\S]*--batch-size[\s\S]*--batching-window/) }),
    );
  });
});

describe('Function: inTermsOfFlags', () => {
  it('restates stack properties as the flags and keys a user sets', () => {
    // Prepare
    const error = new ConfigError('the forwarder stack', [
      { path: 'maxBatchingWindow', message: 'required' },
      { path: 'maxReceiveCount', message: 'too low' },
      { path: 'queueRetention', message: 'too short' },
    ]);

    // Act
    const restated = inTermsOfFlags(error, 'sluice.yaml');

    // Assess
    expect(restated).toMatchObject({
      file: 'sluice.yaml',
      issues: [{ path: '--batching-window' }, { path: 'queue.max_receive_count' }, { path: 'queueRetention' }],
    });
  });
});

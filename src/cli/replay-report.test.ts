import { describe, expect, it } from 'vitest';
import type { ReplayResult, ReplaySummary } from '../replay/index.js';
import { replayDiffText, replayPlan, replaySummaryJson, replaySummaryText } from './replay-report.js';

const TO = new URL('http://127.0.0.1:3000');

function result(overrides: Partial<ReplayResult> = {}): ReplayResult {
  return {
    id: 'rec-1',
    method: 'GET',
    path: '/users/1',
    recordedStatus: 200,
    status: 200,
    statusChanged: false,
    bodyChanged: false,
    redacted: false,
    ...overrides,
  };
}

function summary(results: ReplayResult[], overrides: Partial<ReplaySummary> = {}): ReplaySummary {
  return {
    total: results.length,
    sent: results.filter((one) => one.status !== undefined).length,
    failed: results.filter((one) => one.error !== undefined).length,
    statusChanged: results.filter((one) => one.statusChanged).length,
    bodyChanged: results.filter((one) => one.bodyChanged).length,
    redacted: results.filter((one) => one.redacted).length,
    dryRun: false,
    results,
    ...overrides,
  };
}

describe('Function: replayPlan', () => {
  it.each([
    { rate: { kind: 'factor', factor: 1 } as const, expected: '3 exchanges match; replaying to http://127.0.0.1:3000/ at the original pace (about 2m 00s).' },
    {
      rate: { kind: 'factor', factor: 2 } as const,
      expected: '3 exchanges match; replaying to http://127.0.0.1:3000/ at 2x the original pace (about 1m 00s).',
    },
    { rate: { kind: 'perSecond', perSecond: 4 } as const, expected: '3 exchanges match; replaying to http://127.0.0.1:3000/ at 4/s (about 500ms).' },
  ])('says how many, where, at $rate.kind and for how long', ({ rate, expected }) => {
    // Act & Assess
    expect(replayPlan(3, TO, rate, 120_000)).toBe(expected);
  });

  it('says where a dry run would send one exchange', () => {
    // Act & Assess
    expect(replayPlan(1, TO, { kind: 'factor', factor: 1 }, 0, true)).toBe(
      '1 exchange matches; a replay would send it to http://127.0.0.1:3000/ at the original pace.',
    );
  });
});

describe('Function: replaySummaryText', () => {
  it('counts matched, sent, failed and changes, says redacted values were sent as such, and names failures', () => {
    // Prepare
    const replayed = summary([
      result({ redacted: true }),
      result({ id: 'rec-2', status: 500, statusChanged: true, bodyChanged: true }),
      result({ id: 'rec-3', method: 'POST', path: '/users', status: undefined, error: 'connect ECONNREFUSED 127.0.0.1:1' }),
    ]);

    // Act
    const text = replaySummaryText(replayed, { interrupted: false });

    // Assess
    expect(text).toBe(
      [
        'matched         3',
        'sent            2',
        'failed          1',
        'status changed  1',
        'body changed    1',
        '1 sent with redacted values: the history holds them as [REDACTED], and so they were replayed.',
        'Failed:',
        '  POST /users (rec-3): connect ECONNREFUSED 127.0.0.1:1',
      ].join('\n'),
    );
  });

  it('lists what a dry run would send, and says where an interrupted replay stopped', () => {
    // Prepare
    const dry = summary([result({ status: undefined, truncated: true })], { total: 4, dryRun: true });

    // Act
    const text = replaySummaryText(dry, { interrupted: true });

    // Assess
    expect(text).toBe('Stopped after 1 of 4 (interrupted).\nDry run: nothing sent. 1 request would be sent:\n  GET /users/1 (rec-1) (body cut at capture)');
  });

  it('names the first ten failures and counts the rest', () => {
    // Prepare
    const failed = summary(Array.from({ length: 13 }, (_, index) => result({ id: `rec-${index}`, status: undefined, error: 'timeout' })));

    // Act
    const lines = replaySummaryText(failed, { interrupted: false }).split('\n');

    // Assess
    expect(lines.filter((line) => line.endsWith(': timeout'))).toHaveLength(10);
    expect(lines.at(-1)).toBe('  … and 3 more (--json lists every one)');
  });
});

describe('Function: replayDiffText', () => {
  it('shows each changed exchange with its status change and a body diff, and nothing of the others', () => {
    // Prepare
    const replayed = summary([
      result(),
      result({ id: 'rec-2', status: 500, statusChanged: true, bodyChanged: true, recordedBody: '{"id":"573"}', body: '{"error":"boom"}' }),
      result({ id: 'rec-3', bodyChanged: true, recordedBody: 'pong', body: 'pang' }),
    ]);

    // Act
    const text = replayDiffText(replayed);

    // Assess
    expect(text).toBe(
      ['GET /users/1 (rec-2)', '  status 200 → 500', '  -   "id": "573"', '  +   "error": "boom"', '', 'GET /users/1 (rec-3)', '  - pong', '  + pang'].join(
        '\n',
      ),
    );
  });

  it('is empty when nothing changed', () => {
    // Act & Assess
    expect(replayDiffText(summary([result()]))).toBe('');
  });
});

describe('Function: replaySummaryJson', () => {
  it('is the summary in snake_case, bodies only where they changed', () => {
    // Prepare
    const replayed = summary([result(), result({ id: 'rec-2', bodyChanged: true, recordedBody: 'a', body: 'b' })]);

    // Act
    const json = replaySummaryJson(replayed, { to: TO, interrupted: false });

    // Assess
    expect(json).toEqual({
      to: 'http://127.0.0.1:3000/',
      total: 2,
      sent: 2,
      failed: 0,
      status_changed: 0,
      body_changed: 1,
      redacted: 0,
      dry_run: false,
      interrupted: false,
      results: [
        {
          id: 'rec-1',
          method: 'GET',
          path: '/users/1',
          recorded_status: 200,
          status: 200,
          error: null,
          status_changed: false,
          body_changed: false,
          redacted: false,
          truncated: false,
        },
        {
          id: 'rec-2',
          method: 'GET',
          path: '/users/1',
          recorded_status: 200,
          status: 200,
          error: null,
          status_changed: false,
          body_changed: true,
          redacted: false,
          truncated: false,
          recorded_body: 'a',
          body: 'b',
        },
      ],
    });
  });
});

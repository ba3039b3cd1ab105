/* eslint-disable no-control-regex -- the terminal's escape sequences are what is checked */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CommandIo } from './command-io.js';
import { Progress } from './progress.js';

/** stderr as a terminal of `columns` (or a pipe), and what was written to it. */
function stderrOf(tty: boolean, columns?: number): { io: CommandIo; written: () => string } {
  let written = '';
  const stderr = Object.assign(new PassThrough(), columns === undefined ? {} : { columns });
  stderr.on('data', (chunk: Buffer) => (written += chunk.toString()));
  const io: CommandIo = { stdout: new PassThrough(), stderr, stdin: new PassThrough(), interactive: false, stdoutIsTty: false, stderrIsTty: tty };
  return { io, written: () => written };
}

describe('Class: Progress', () => {
  it('on a terminal, rewrites one bar in place at the terminal width, and ends the line when done', () => {
    // Prepare
    let now = 0;
    const { io, written } = stderrOf(true, 60);
    const progress = new Progress(io, 'replayed', 4, { now: () => now });

    // Act
    now = 1_000;
    progress.update(1);
    now = 2_000;
    progress.update(2);
    now = 4_000;
    progress.done(4);

    // Assess
    const frames = written().split('\r').slice(1);
    expect(frames).toEqual([
      expect.stringMatching(/^replayed \[#+-+\] 1\/4 {2}1\.0\/s {2}eta 3s\x1b\[K$/),
      expect.stringMatching(/^replayed \[#+-+\] 2\/4 {2}1\.0\/s {2}eta 2s\x1b\[K$/),
      expect.stringMatching(/^replayed \[#+\] 4\/4 {2}1\.0\/s {2}took 4s\x1b\[K\n$/),
    ]);
    expect(frames.map((frame) => frame.replace(/\x1b\[K\n?$/, '').length)).toEqual([59, 59, 59]);
  });

  it('in a pipe, writes a plain line at most every interval, and always the last one', () => {
    // Prepare
    let now = 0;
    const { io, written } = stderrOf(false);
    const progress = new Progress(io, 'replayed', 100, { now: () => now, intervalMs: 10_000 });

    // Act
    for (let done = 1; done <= 100; done += 1) {
      now = done * 250;
      if (done < 100) progress.update(done);
    }
    progress.done(100);

    // Assess
    expect(written()).not.toMatch(/[\r\x1b]/);
    expect(written().split('\n')).toEqual([
      'replayed 40 / 100 (40%)  4.0/s  eta 15s',
      'replayed 80 / 100 (80%)  4.0/s  eta 5s',
      'replayed 100 / 100 (100%)  4.0/s  took 25s',
      '',
    ]);
  });
});

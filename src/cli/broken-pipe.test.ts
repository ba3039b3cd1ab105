import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { exitQuietlyOnBrokenPipe } from './broken-pipe.js';

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`write ${code}`), { code });
}

describe('Function: exitQuietlyOnBrokenPipe', () => {
  it("exits when stdout's reader has gone (EPIPE)", () => {
    // Prepare
    const stdout = new EventEmitter();
    const exit = vi.fn();
    exitQuietlyOnBrokenPipe(stdout, new EventEmitter(), exit);

    // Act
    stdout.emit('error', errno('EPIPE'));

    // Assess
    expect(exit).toHaveBeenCalledOnce();
  });

  it('ignores a closed stderr, so a server outlives whoever read its logs', () => {
    // Prepare
    const stderr = new EventEmitter();
    const exit = vi.fn();
    exitQuietlyOnBrokenPipe(new EventEmitter(), stderr, exit);

    // Act
    const emit = (): boolean => stderr.emit('error', errno('EPIPE'));

    // Assess
    expect(emit).not.toThrow();
    expect(exit).not.toHaveBeenCalled();
  });

  it('lets any other write error surface', () => {
    // Prepare
    const stdout = new EventEmitter();
    exitQuietlyOnBrokenPipe(stdout, new EventEmitter(), vi.fn());

    // Act
    const emit = (): boolean => stdout.emit('error', errno('ENOSPC'));

    // Assess
    expect(emit).toThrow(expect.objectContaining({ code: 'ENOSPC' }));
  });
});

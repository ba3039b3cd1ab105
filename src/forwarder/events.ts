import { EventEmitter } from 'node:events';

/**
 * An `EventEmitter` whose event names and listener arguments are checked by the compiler.
 * `E` maps each event name to its argument tuple.
 *
 * @example
 * ```ts
 * class Ticker extends TypedEventEmitter<{ tick: [count: number] }> {}
 * const ticker = new Ticker();
 * ticker.on('tick', (count) => console.log(count)); // count: number
 * ticker.emit('tick', 1);
 * ```
 */
export class TypedEventEmitter<E extends Record<keyof E, unknown[]>> extends EventEmitter {
  override on<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  override once<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    return super.once(event, listener as (...args: unknown[]) => void);
  }

  override off<K extends keyof E & string>(event: K, listener: (...args: E[K]) => void): this {
    return super.off(event, listener as (...args: unknown[]) => void);
  }

  override emit<K extends keyof E & string>(event: K, ...args: E[K]): boolean {
    return super.emit(event, ...args);
  }
}

import { clearInterval, setInterval } from 'node:timers';

/** Samples this process's resident set size while a phase runs. */
export class RssSampler {
  #timer;
  peak = 0;
  samples = [];
  heap = [];

  start(intervalMs = 100) {
    const sample = () => {
      const rss = process.memoryUsage.rss();
      this.peak = Math.max(this.peak, rss);
      this.samples.push(rss);
      this.heap.push(process.memoryUsage().heapUsed);
    };
    sample();
    this.#timer = setInterval(sample, intervalMs);
    return this;
  }

  stop() {
    clearInterval(this.#timer);
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
    return this;
  }

  /** RSS (MB) at the start, a quarter, half, three quarters and the end of the phase. */
  profile(series = this.samples) {
    const points = [0, 0.25, 0.5, 0.75, 1];
    return points.map((at) => mb(series[Math.min(series.length - 1, Math.round(at * (series.length - 1)))] ?? 0));
  }

  /** V8 heap in use (MB) at the same points. */
  heapProfile() {
    return this.profile(this.heap);
  }
}

export const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;

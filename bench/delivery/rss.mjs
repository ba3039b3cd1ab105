import { clearInterval, setInterval } from 'node:timers';

/** Samples this process's resident set size while a phase runs. */
export class RssSampler {
  #timer;
  peak = 0;
  samples = [];

  start(intervalMs = 100) {
    const sample = () => {
      const rss = process.memoryUsage.rss();
      this.peak = Math.max(this.peak, rss);
      this.samples.push(rss);
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
  profile() {
    const points = [0, 0.25, 0.5, 0.75, 1];
    return points.map((at) => mb(this.samples[Math.min(this.samples.length - 1, Math.round(at * (this.samples.length - 1)))] ?? 0));
  }
}

export const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;

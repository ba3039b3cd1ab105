/**
 * The destination both forwarder sides of the delivery bench deliver to (the embedded queue and
 * the in-memory diagnostic), from the environment the bench sets: the configuration defaults,
 * with the bench's URL, concurrency and optional signing secret.
 *
 * @example
 * new Forwarder({ queue, destination: benchDestination() });
 */
export function benchDestination() {
  const { BENCH_URL, BENCH_CONCURRENCY, BENCH_SECRET } = process.env;
  return {
    url: BENCH_URL,
    signing_secret: BENCH_SECRET ? [BENCH_SECRET] : [],
    timeout: 10_000,
    concurrency: Number(BENCH_CONCURRENCY),
    retry: { base: 1_000, cap: 3_600_000, max_age: 86_400_000, max_attempts: 60 },
    dead_letter_on_4xx: false,
    headers: {},
  };
}

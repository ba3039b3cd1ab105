import { afterEach, describe, expect, it } from 'vitest';
import { enqueueRecords } from '../../helpers/forwarder-harness.js';
import { startSimulatedDelivery, type SimulatedDelivery } from '../../helpers/simulated-outage.js';

const HOUR = 3_600_000;

/**
 * Issue 10: with 5 attempts and full jitter, a destination down for 4 seconds sent records to
 * the dead-letter queue. The default retry budget (24 h from the first attempt) must ride out
 * outages; time is simulated, the queue, the HTTP destination and its refusals are real.
 */
describe('Class: Forwarder (#10 - the destination is down for a while)', () => {
  let sim: SimulatedDelivery | undefined;

  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  describe.each([
    { outage: '20 s', outageMs: 20_000, minFailures: 4 },
    { outage: '10 min', outageMs: 600_000, minFailures: 9 },
  ])('an outage of $outage', ({ outageMs, minFailures }) => {
    it('loses nothing to the dead-letter queue, and every record arrives once it is back', async () => {
      // Prepare
      const current = (sim = await startSimulatedDelivery({}));
      await current.receiver.down();
      const ids = await enqueueRecords(current.queue, 30);
      const end = current.start + outageMs;
      let down = true;

      // Act
      await current.run(async (next) => {
        if (!down || next < end) return;
        down = false;
        await current.receiver.listen();
      });

      // Assess
      expect(current.deadLetters).toEqual([]);
      expect((await current.queue.stats()).dlqDepth).toBe(0);
      expect([...current.receiver.acceptedIds].sort()).toEqual([...ids].sort());
      const failures = new Map<string, number>();
      for (const retry of current.retries) failures.set(retry.id, (failures.get(retry.id) ?? 0) + 1);
      expect(failures.size).toBe(ids.length);
      expect(Math.min(...failures.values())).toBeGreaterThanOrEqual(minFailures);
      expect(current.retries.every((retry) => retry.failure.class === 'network' && retry.at < end)).toBe(true);
    });
  });

  it('dead-letters a record still failing max_age after its first attempt, with reason max_age', async () => {
    // Prepare
    const current = (sim = await startSimulatedDelivery({}));
    await current.receiver.down();
    const ids = await enqueueRecords(current.queue, 3);

    // Act
    await current.run();

    // Assess
    expect(current.deadLetters.map((letter) => letter.id).sort()).toEqual([...ids].sort());
    expect(current.deadLetters.every((letter) => letter.reason === 'max_age' && letter.attempt < 60)).toBe(true);
    const last = Math.max(...current.retries.map((retry) => retry.at));
    // The last retry is scheduled at least 22.5 h in: its delay (30 to 60 min at the cap) ends
    // after 23.5 h, where less than the shortest delay is left and the record is dead-lettered.
    expect(last - current.start).toBeGreaterThan(22.5 * HOUR);
    expect(current.clock.now() - current.start).toBeLessThanOrEqual(24 * HOUR);
    const [letter] = await current.queue.dlq.list({ limit: 1 });
    expect(JSON.parse(letter?.lastError ?? '{}')).toMatchObject({ class: 'network', dead_letter: 'max_age' });
  });

  it('dead-letters at the safety net when max_attempts comes first, with reason max_attempts', async () => {
    // Prepare: a safety net the config would refuse, under a queue that allows more receives.
    const current = (sim = await startSimulatedDelivery({ behaviour: () => ({ status: 503 }), retry: { max_attempts: 4 }, maxReceiveCount: 100 }));
    const [id] = await enqueueRecords(current.queue, 1);

    // Act
    await current.run();

    // Assess
    expect(current.deadLetters).toEqual([expect.objectContaining({ id, attempt: 4, reason: 'max_attempts' })]);
    expect(current.receiver.countsById().get(id as string)).toBe(4);
    expect(current.clock.now() - current.start).toBeLessThan(HOUR);
  });
});

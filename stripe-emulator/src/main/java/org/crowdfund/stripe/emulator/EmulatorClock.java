package org.crowdfund.stripe.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's time: a base clock (the system clock unless a test gives another) plus an offset
 * that only moves forward. Tests advance it instead of waiting; every object timestamp, hold
 * expiry and idempotency-key expiry reads it. Webhook signatures do not: they carry wall-clock time
 * so that receivers verify them with their normal tolerance.
 */
public final class EmulatorClock extends Clock {

  private final Clock base;
  private final AtomicLong offsetMillis = new AtomicLong();
  private final List<Runnable> advanceListeners = new CopyOnWriteArrayList<>();

  EmulatorClock(Clock base) {
    this.base = base;
  }

  @Override
  public Instant instant() {
    return base.instant().plusMillis(offsetMillis.get());
  }

  /** Current emulator time in epoch seconds, the unit of every Stripe timestamp. */
  public long epochSecond() {
    return instant().getEpochSecond();
  }

  /** Moves time forward and lets the emulator act on it (holds expire) before returning. */
  public Instant advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("the emulator clock only moves forward, got " + duration);
    }
    offsetMillis.addAndGet(duration.toMillis());
    advanceListeners.forEach(Runnable::run);
    return instant();
  }

  /** How far the emulator is ahead of its base clock. */
  public Duration offset() {
    return Duration.ofMillis(offsetMillis.get());
  }

  void restoreOffset(Duration offset) {
    offsetMillis.set(offset.toMillis());
  }

  void onAdvance(Runnable listener) {
    advanceListeners.add(listener);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.offset(this, Duration.ZERO).withZone(zone);
  }
}

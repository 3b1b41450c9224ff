package org.crowdfund.stripe.emulator.domain;

import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Stripe's test clocks, backed by the emulator's single clock: advancing a test clock to a
 * frozen_time moves the emulator forward by the difference, for every object.
 */
public final class TestClocks {

  private final StripeAccount account;
  private Consumer<Duration> clockAdvancer = duration -> { };

  TestClocks(StripeAccount account) {
    this.account = account;
  }

  public void advanceClockWith(Consumer<Duration> advancer) {
    this.clockAdvancer = advancer;
  }

  public TestClock create(Params params) {
    params.allowOnly(Set.of("frozen_time", "name"));
    TestClock clock = new TestClock();
    clock.id = Ids.next("clock");
    clock.created = account.now();
    clock.frozenTime = params.integer("frozen_time").orElseThrow(() -> StripeApiException.missingParam("frozen_time"));
    clock.name = params.string("name").orElse(null);
    account.data().testClocks.put(clock.id, clock);
    return clock;
  }

  public TestClock retrieve(String id) {
    TestClock clock = account.data().testClocks.get(id);
    if (clock == null) {
      throw StripeApiException.noSuch("test_helpers.test_clock", id, "test_clock", true);
    }
    return clock;
  }

  public TestClock advance(String id, Params params) {
    params.allowOnly(Set.of("frozen_time"));
    TestClock clock = retrieve(id);
    long target = params.integer("frozen_time").orElseThrow(() -> StripeApiException.missingParam("frozen_time"));
    if (target <= clock.frozenTime) {
      throw StripeApiException.invalidRequest("parameter_invalid_integer", "frozen_time",
          "The frozen_time must be after the test clock's current frozen_time (" + clock.frozenTime + ").");
    }
    long seconds = target - clock.frozenTime;
    clock.frozenTime = target;
    clockAdvancer.accept(Duration.ofSeconds(seconds));
    return clock;
  }

  public TestClock delete(String id) {
    TestClock clock = retrieve(id);
    account.data().testClocks.remove(id);
    return clock;
  }
}

package dev.staticflux.limit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import dev.staticflux.config.StaticFluxProperties.Limit;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyLimiterTests {

	private static final Duration QUEUE_TIMEOUT = Duration.ofSeconds(5);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private ConcurrencyLimiter limiter(int maxConcurrent, int maxQueued) {
		return new ConcurrencyLimiter(new Limit(maxConcurrent, maxQueued, QUEUE_TIMEOUT, Duration.ofSeconds(1)),
				this.registry);
	}

	private static Permit take(ConcurrencyLimiter limiter) {
		Permit permit = limiter.acquire().block(Duration.ofSeconds(1));
		assertThat(permit).isNotNull();
		return permit;
	}

	private static void assertRejected(Throwable error, RejectReason reason) {
		assertThat(error).isInstanceOfSatisfying(LimitRejectedException.class,
				rejection -> assertThat(rejection.reason()).isEqualTo(reason));
	}

	@Test
	void grantsUpToMaxConcurrentPermitsAtOnce() {
		ConcurrencyLimiter limiter = limiter(3, 0);
		take(limiter);
		take(limiter);
		take(limiter);

		assertThat(limiter.statistics().inFlight()).isEqualTo(3);
		assertThat(limiter.statistics().admitted()).isEqualTo(3);
	}

	@Test
	void tryAcquireGrantsAtOnceOnlyWhenAPermitIsFreeAndNobodyWaits() {
		ConcurrencyLimiter limiter = limiter(1, 1);
		Permit first = limiter.tryAcquire();
		assertThat(first).isNotNull();
		assertThat(limiter.tryAcquire()).as("no permit free").isNull();
		List<Permit> queued = new CopyOnWriteArrayList<>();
		limiter.acquire().subscribe(queued::add);
		first.release();

		assertThat(queued).as("the queued request got the freed permit").hasSize(1);
		assertThat(limiter.tryAcquire()).as("still in use by the waiter").isNull();
		queued.get(0).release();
		assertThat(limiter.tryAcquire()).isNotNull();
		assertThat(limiter.statistics().admitted()).isEqualTo(3);
	}

	@Test
	void givesFreedPermitsToWaitersInArrivalOrder() {
		ConcurrencyLimiter limiter = limiter(1, 3);
		Permit first = take(limiter);
		List<Integer> served = new CopyOnWriteArrayList<>();
		List<Permit> permits = new CopyOnWriteArrayList<>();
		for (int waiter = 1; waiter <= 3; waiter++) {
			int id = waiter;
			limiter.acquire().subscribe(permit -> {
				served.add(id);
				permits.add(permit);
			});
		}
		assertThat(limiter.statistics().queued()).isEqualTo(3);
		assertThat(served).isEmpty();

		first.release();
		assertThat(served).containsExactly(1);
		permits.get(0).release();
		assertThat(served).containsExactly(1, 2);
		permits.get(1).release();
		assertThat(served).containsExactly(1, 2, 3);
		assertThat(limiter.statistics().inFlight()).isEqualTo(1);
		assertThat(limiter.statistics().queued()).isZero();

		permits.get(2).release();
		assertThat(limiter.statistics().inFlight()).isZero();
	}

	@Test
	void newcomerWaitsBehindQueuedRequestsEvenWhenAPermitIsBeingHandedOver() {
		ConcurrencyLimiter limiter = limiter(1, 2);
		Permit first = take(limiter);
		List<String> served = new CopyOnWriteArrayList<>();
		limiter.acquire().subscribe(permit -> served.add("queued"));
		first.release();
		limiter.acquire().subscribe(permit -> served.add("newcomer"));

		assertThat(served).containsExactly("queued");
		assertThat(limiter.statistics().queued()).isEqualTo(1);
	}

	@Test
	void rejectsAtOnceWhenEveryPermitIsOutAndTheQueueIsFull() {
		ConcurrencyLimiter limiter = limiter(1, 1);
		take(limiter);
		limiter.acquire().subscribe();

		StepVerifier.create(limiter.acquire())
			.expectErrorSatisfies(error -> assertRejected(error, RejectReason.QUEUE_FULL))
			.verify(Duration.ofSeconds(1));

		LimiterStatistics statistics = limiter.statistics();
		assertThat(statistics.rejectedQueueFull()).isEqualTo(1);
		assertThat(statistics.rejected()).isEqualTo(1);
		assertThat(statistics.queued()).isEqualTo(1);
		assertThat(this.registry.get("staticflux.limit.rejected").tag("reason", "queue-full").functionCounter().count())
			.isEqualTo(1);
	}

	@Test
	void rejectsAtOnceWhenTheQueueIsTurnedOff() {
		ConcurrencyLimiter limiter = limiter(1, 0);
		take(limiter);

		StepVerifier.create(limiter.acquire())
			.expectErrorSatisfies(error -> assertRejected(error, RejectReason.QUEUE_FULL))
			.verify(Duration.ofSeconds(1));
	}

	@Test
	void rejectsAWaiterThatWaitedTheQueueTimeout() {
		ConcurrencyLimiter limiter = limiter(1, 1);
		take(limiter);

		StepVerifier.withVirtualTime(limiter::acquire)
			.expectSubscription()
			.expectNoEvent(QUEUE_TIMEOUT.minusMillis(1))
			.then(() -> assertThat(limiter.statistics().queued()).isEqualTo(1))
			.thenAwait(Duration.ofMillis(1))
			.expectErrorSatisfies(error -> assertRejected(error, RejectReason.TIMEOUT))
			.verify(Duration.ofSeconds(1));

		LimiterStatistics statistics = limiter.statistics();
		assertThat(statistics.queued()).isZero();
		assertThat(statistics.rejectedTimeout()).isEqualTo(1);
		assertThat(this.registry.get("staticflux.limit.rejected").tag("reason", "timeout").functionCounter().count())
			.isEqualTo(1);
	}

	@Test
	void waiterServedWithinTheTimeoutIsTimedAndNeverRejected() {
		ConcurrencyLimiter limiter = limiter(1, 1);
		Permit first = take(limiter);

		StepVerifier.withVirtualTime(limiter::acquire)
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(3))
			.then(first::release)
			.expectNextCount(1)
			.thenAwait(QUEUE_TIMEOUT)
			.expectComplete()
			.verify(Duration.ofSeconds(1));

		assertThat(limiter.statistics().rejectedTimeout()).isZero();
		Timer wait = this.registry.get("staticflux.limit.wait").timer();
		assertThat(wait.count()).isEqualTo(2);
		assertThat(wait.max(TimeUnit.MILLISECONDS)).isEqualTo(3000);
		assertThat(wait.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3000);
	}

	@Test
	void cancelledWaiterLeavesTheQueueAndFreesItsPlace() {
		ConcurrencyLimiter limiter = limiter(1, 1);
		Permit first = take(limiter);
		List<String> served = new CopyOnWriteArrayList<>();
		Disposable gone = limiter.acquire().subscribe(permit -> served.add("gone"));
		gone.dispose();

		assertThat(limiter.statistics().queued()).isZero();
		assertThat(limiter.statistics().abandoned()).isEqualTo(1);
		limiter.acquire().subscribe(permit -> served.add("next"));
		assertThat(limiter.statistics().rejectedQueueFull()).isZero();

		first.release();
		assertThat(served).containsExactly("next");
	}

	@Test
	void permitGrantedToAWaiterThatCancelsBeforeReceivingItIsReturned() {
		ConcurrencyLimiter limiter = limiter(1, 1);
		Permit first = take(limiter);

		// Requesting nothing keeps the granted permit undelivered until the cancel.
		StepVerifier.create(limiter.acquire(), 0)
			.expectSubscription()
			.then(first::release)
			.then(() -> assertThat(limiter.statistics().inFlight()).isEqualTo(1))
			.thenCancel()
			.verify(Duration.ofSeconds(1));

		LimiterStatistics statistics = limiter.statistics();
		assertThat(statistics.inFlight()).isZero();
		assertThat(statistics.queued()).isZero();
		assertThat(statistics.admitted()).isEqualTo(2);
	}

	@Test
	void permitReleasedTwiceCountsOnce() {
		ConcurrencyLimiter limiter = limiter(2, 0);
		Permit first = take(limiter);
		take(limiter);

		assertThat(first.release()).isTrue();
		assertThat(first.release()).isFalse();

		assertThat(limiter.statistics().inFlight()).isEqualTo(1);
	}

	@Test
	void releasingALongQueueSynchronouslyDoesNotGrowTheStack() {
		ConcurrencyLimiter limiter = limiter(1, 50_000);
		Permit first = take(limiter);
		List<Disposable> waiters = new ArrayList<>();
		for (int i = 0; i < 50_000; i++) {
			waiters.add(limiter.acquire().subscribe(Permit::release));
		}

		first.release();

		assertThat(limiter.statistics().inFlight()).isZero();
		assertThat(limiter.statistics().admitted()).isEqualTo(50_001);
		assertThat(waiters).allMatch(Disposable::isDisposed);
	}

	@Test
	void thousandsOfAcquisitionsWithRandomCancelsAndTimeoutsEndWithNothingInFlightOrQueued() {
		ConcurrencyLimiter limiter = new ConcurrencyLimiter(
				new Limit(4, 24, Duration.ofMillis(4), Duration.ofSeconds(1)), this.registry);
		SplittableRandom random = new SplittableRandom(42);
		int requests = 10_000;
		List<Mono<Void>> clients = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			Duration work = Duration.ofNanos(random.nextLong(1_000_000));
			boolean releaseTwice = random.nextInt(10) == 0;
			Mono<Void> client = limiter.acquire().flatMap(permit -> {
				Runnable release = () -> {
					permit.release();
					if (releaseTwice) {
						permit.release();
					}
				};
				// Not doFinally: it runs after downstream has seen the end, so blockLast
				// could return first.
				return Mono.delay(work).doOnTerminate(release).doOnCancel(release);
			}).then().onErrorResume(LimitRejectedException.class, rejection -> Mono.empty());
			if (random.nextInt(3) == 0) {
				// The client goes away at a random moment: in the queue, while served, or
				// never.
				client = client.timeout(Duration.ofNanos(random.nextLong(4_000_000)), Mono.empty());
			}
			clients.add(client);
		}

		Flux.fromIterable(clients).flatMap(client -> client, 32).blockLast(Duration.ofSeconds(60));

		LimiterStatistics statistics = limiter.statistics();
		assertThat(statistics.inFlight()).isZero();
		assertThat(statistics.queued()).isZero();
		assertThat(statistics.admitted() + statistics.rejected() + statistics.abandoned()).isEqualTo(requests);
		assertThat(this.registry.get("staticflux.limit.in-flight").gauge().value()).isZero();
		assertThat(this.registry.get("staticflux.limit.queued").gauge().value()).isZero();
	}

}

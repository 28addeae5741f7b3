package dev.staticflux.limit;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import dev.staticflux.config.StaticFluxProperties;

/**
 * Admission control: at most {@code maxConcurrent} {@link Permit permits} are out at
 * once, and at most {@code maxQueued} callers wait for one, first come first served. It
 * never blocks a thread: {@link #acquire()} returns a {@code Mono} that emits a permit
 * when one is free, or fails with a {@link LimitRejectedException} at once when the queue
 * is full, or after {@code queueTimeout} in the queue.
 *
 * <p>
 * Rules, all decided under one short lock:
 * <ul>
 * <li>The queue is empty unless every permit is out: a released permit goes straight to
 * the oldest waiter, so a newcomer can never overtake someone who is waiting.</li>
 * <li>A waiter whose subscription is cancelled (client gone) leaves the queue at
 * once.</li>
 * <li>A permit handed to a subscriber that cancels before receiving it is released again
 * at once.</li>
 * </ul>
 * Time (the queue timeout, the wait timer) comes from {@link Schedulers#parallel()},
 * looked up on each subscription, so {@code StepVerifier.withVirtualTime} controls it in
 * tests.
 *
 * <p>
 * Meters: gauges {@code staticflux.limit.in-flight} and {@code staticflux.limit.queued},
 * counter {@code staticflux.limit.rejected} tagged {@code reason=queue-full|timeout}, and
 * timer {@code staticflux.limit.wait}: for every admitted request, how long it waited
 * (zero when a permit was free).
 */
public final class ConcurrencyLimiter {

	private final int maxConcurrent;

	private final int maxQueued;

	private final Duration queueTimeout;

	private final Timer waitTimer;

	private final Object lock = new Object();

	// Guarded by lock. A LinkedHashSet keeps arrival order and removes a cancelled waiter
	// in O(1).
	private final Set<Waiter> queue = new LinkedHashSet<>();

	private int inFlight;

	private long admitted;

	private long rejectedQueueFull;

	private long rejectedTimeout;

	private long abandoned;

	// Permits handed to waiters under the lock are delivered outside it, by one thread at
	// a time: a
	// subscriber that releases its permit synchronously would otherwise deliver the next
	// grant from
	// inside this one, and a long queue would become a deep stack.
	private final Queue<Waiter> grants = new ConcurrentLinkedQueue<>();

	private final AtomicInteger grantsToDeliver = new AtomicInteger();

	/**
	 * @param limit the sizes and timeout
	 * @param registry where the limiter's meters are registered
	 */
	public ConcurrencyLimiter(StaticFluxProperties.Limit limit, MeterRegistry registry) {
		this.maxConcurrent = limit.maxConcurrent();
		this.maxQueued = limit.maxQueued();
		this.queueTimeout = limit.queueTimeout();
		this.waitTimer = Timer.builder("staticflux.limit.wait")
			.description("Time a request waited for a permit on the file routes (zero when one was free)")
			.register(registry);
		Gauge.builder("staticflux.limit.in-flight", this, limiter -> limiter.statistics().inFlight())
			.description("Requests holding a permit")
			.strongReference(true)
			.register(registry);
		Gauge.builder("staticflux.limit.queued", this, limiter -> limiter.statistics().queued())
			.description("Requests waiting for a permit")
			.strongReference(true)
			.register(registry);
		for (RejectReason reason : RejectReason.values()) {
			FunctionCounter.builder("staticflux.limit.rejected", this, limiter -> limiter.statistics().rejected(reason))
				.description("Requests answered 503 by the limiter")
				.tag("reason", reason.tag())
				.register(registry);
		}
	}

	/**
	 * Asks for a permit. Nothing happens until subscription; each subscription asks for
	 * its own permit.
	 * @return a {@code Mono} that emits the permit, or fails with
	 * {@link LimitRejectedException}; cancelling it gives up the place in the queue, or
	 * the permit if it was granted but not yet received
	 */
	public Mono<Permit> acquire() {
		return Mono.create(this::admit);
	}

	/**
	 * The fast path of {@link #acquire()}: a permit at once when one is free and nobody
	 * is queued (so no one is overtaken), else {@code null} and the caller goes through
	 * {@link #acquire()}. Saves the subscription machinery on every request of a server
	 * that is not saturated.
	 */
	public @Nullable Permit tryAcquire() {
		synchronized (this.lock) {
			if (this.inFlight >= this.maxConcurrent || !this.queue.isEmpty()) {
				return null;
			}
			this.inFlight++;
			this.admitted++;
		}
		this.waitTimer.record(Duration.ZERO);
		return new Permit(this);
	}

	/** A consistent snapshot of the counts. */
	public LimiterStatistics statistics() {
		synchronized (this.lock) {
			return new LimiterStatistics(this.maxConcurrent, this.maxQueued, this.inFlight, this.queue.size(),
					this.admitted, this.rejectedQueueFull, this.rejectedTimeout, this.abandoned);
		}
	}

	private void admit(MonoSink<Permit> sink) {
		Scheduler clock = Schedulers.parallel();
		Waiter waiter = new Waiter(sink, clock);
		// Registered first: a subscriber may cancel at any point from here on.
		sink.onCancel(() -> abandon(waiter));
		Permit permit = null;
		boolean queued = false;
		synchronized (this.lock) {
			if (waiter.state != State.NEW) {
				return;
			}
			if (this.inFlight < this.maxConcurrent) {
				this.inFlight++;
				this.admitted++;
				permit = grant(waiter);
			}
			else if (this.queue.size() < this.maxQueued) {
				waiter.state = State.QUEUED;
				this.queue.add(waiter);
				queued = true;
			}
			else {
				waiter.state = State.REJECTED;
				this.rejectedQueueFull++;
			}
		}
		if (permit != null) {
			this.waitTimer.record(Duration.ZERO);
			sink.success(permit);
		}
		else if (queued) {
			waiter.timer
				.update(clock.schedule(() -> timeOut(waiter), this.queueTimeout.toNanos(), TimeUnit.NANOSECONDS));
		}
		else {
			sink.error(new LimitRejectedException(RejectReason.QUEUE_FULL));
		}
	}

	/** Called once per permit, by {@link Permit#release()}. */
	void release() {
		Waiter next = null;
		synchronized (this.lock) {
			Iterator<Waiter> oldest = this.queue.iterator();
			if (oldest.hasNext()) {
				next = oldest.next();
				oldest.remove();
				this.admitted++;
				grant(next);
			}
			else {
				this.inFlight--;
			}
		}
		if (next != null) {
			this.grants.add(next);
			deliverGrants();
		}
	}

	private void deliverGrants() {
		int missed = this.grantsToDeliver.incrementAndGet();
		if (missed != 1) {
			return;
		}
		do {
			for (Waiter waiter = this.grants.poll(); waiter != null; waiter = this.grants.poll()) {
				waiter.timer.dispose();
				this.waitTimer.record(waiter.clock.now(TimeUnit.NANOSECONDS) - waiter.arrivedNanos,
						TimeUnit.NANOSECONDS);
				waiter.sink.success(waiter.permit);
			}
			missed = this.grantsToDeliver.addAndGet(-missed);
		}
		while (missed != 0);
	}

	private void timeOut(Waiter waiter) {
		synchronized (this.lock) {
			if (waiter.state != State.QUEUED) {
				return;
			}
			this.queue.remove(waiter);
			waiter.state = State.TIMED_OUT;
			this.rejectedTimeout++;
		}
		waiter.sink.error(new LimitRejectedException(RejectReason.TIMEOUT));
	}

	private void abandon(Waiter waiter) {
		Permit undelivered;
		synchronized (this.lock) {
			switch (waiter.state) {
				case NEW, QUEUED -> {
					this.queue.remove(waiter);
					waiter.state = State.CANCELLED;
					this.abandoned++;
					undelivered = null;
				}
				// MonoSink runs onCancel only if the value was not delivered: the permit
				// came too late.
				case GRANTED -> undelivered = waiter.permit;
				default -> undelivered = null;
			}
		}
		waiter.timer.dispose();
		if (undelivered != null) {
			undelivered.release();
		}
	}

	// Guarded by lock; the caller has counted the permit in inFlight and admitted.
	private Permit grant(Waiter waiter) {
		waiter.state = State.GRANTED;
		waiter.permit = new Permit(this);
		return waiter.permit;
	}

	private enum State {

		NEW, QUEUED, GRANTED, TIMED_OUT, REJECTED, CANCELLED

	}

	/**
	 * One subscription to {@link #acquire()}; {@code state} and {@code permit} are
	 * guarded by the lock.
	 */
	private static final class Waiter {

		final MonoSink<Permit> sink;

		final Scheduler clock;

		final long arrivedNanos;

		final Disposable.Swap timer = Disposables.swap();

		State state = State.NEW;

		@Nullable Permit permit;

		Waiter(MonoSink<Permit> sink, Scheduler clock) {
			this.sink = sink;
			this.clock = clock;
			this.arrivedNanos = clock.now(TimeUnit.NANOSECONDS);
		}

	}

}

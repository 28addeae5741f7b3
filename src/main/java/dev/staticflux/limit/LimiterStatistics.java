package dev.staticflux.limit;

/**
 * A consistent snapshot of a {@link ConcurrencyLimiter}, taken by
 * {@link ConcurrencyLimiter#statistics()}. Every counter only grows over the limiter's
 * life, and every call to {@code acquire()} that was subscribed to ends up in exactly one
 * of {@code admitted}, {@code rejectedQueueFull}, {@code rejectedTimeout} or
 * {@code abandoned}, once it has left the queue.
 *
 * @param maxConcurrent the number of permits ({@code staticflux.limit.max-concurrent})
 * @param maxQueued the size of the wait queue ({@code staticflux.limit.max-queued})
 * @param inFlight permits out now: granted and not yet released
 * @param queued requests waiting for a permit now
 * @param admitted permits granted, at once or after waiting; moves when a permit is
 * handed out, even to a subscriber that cancels before receiving it (that permit is
 * released at once)
 * @param rejectedQueueFull requests turned away at once because every permit was out and
 * the queue was full
 * @param rejectedTimeout requests that waited {@code queue-timeout} without a permit
 * @param abandoned requests cancelled (client gone) before they got a permit
 */
public record LimiterStatistics(int maxConcurrent, int maxQueued, int inFlight, int queued, long admitted,
		long rejectedQueueFull, long rejectedTimeout, long abandoned) {

	/** All rejections, whatever the reason. */
	public long rejected() {
		return this.rejectedQueueFull + this.rejectedTimeout;
	}

	/** The rejections for one reason. */
	public long rejected(RejectReason reason) {
		return switch (reason) {
			case QUEUE_FULL -> this.rejectedQueueFull;
			case TIMEOUT -> this.rejectedTimeout;
		};
	}

}

package dev.staticflux.limit;

/** Why the {@link ConcurrencyLimiter} turned a request away. */
public enum RejectReason {

	/**
	 * Every permit was out and the wait queue already held {@code max-queued} requests.
	 */
	QUEUE_FULL("queue-full"),

	/** The request waited {@code queue-timeout} in the queue without getting a permit. */
	TIMEOUT("timeout");

	private final String tag;

	RejectReason(String tag) {
		this.tag = tag;
	}

	/**
	 * The value of the {@code reason} tag on the {@code staticflux.limit.rejected}
	 * counter.
	 */
	public String tag() {
		return this.tag;
	}

}

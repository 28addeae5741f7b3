package dev.staticflux.limit;

/**
 * The error signalled by {@link ConcurrencyLimiter#acquire()} when no permit will be
 * granted. It is expected under load and handled as a 503, so it carries no stack trace.
 */
public final class LimitRejectedException extends RuntimeException {

	private final RejectReason reason;

	LimitRejectedException(RejectReason reason) {
		super("Request rejected by the concurrency limiter: " + reason.tag(), null, false, false);
		this.reason = reason;
	}

	public RejectReason reason() {
		return this.reason;
	}

}

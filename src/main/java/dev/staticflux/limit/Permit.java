package dev.staticflux.limit;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The right to serve one request, granted by {@link ConcurrencyLimiter#acquire()}.
 * Whoever receives it must {@link #release()} it when the work is over, on every path
 * (completion, error, cancellation); releasing it again is harmless, so each path can
 * simply call it.
 */
public final class Permit {

	private final ConcurrencyLimiter limiter;

	private final AtomicBoolean released = new AtomicBoolean();

	Permit(ConcurrencyLimiter limiter) {
		this.limiter = limiter;
	}

	/**
	 * Gives the permit back to its limiter, which hands it to the oldest waiter, if any.
	 * @return {@code true} if this call released it, {@code false} if it had been
	 * released before
	 */
	public boolean release() {
		if (!this.released.compareAndSet(false, true)) {
			return false;
		}
		this.limiter.release();
		return true;
	}

}

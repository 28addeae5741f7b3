package dev.staticflux.stats;

/**
 * What the recorder reads from the admission limiter, as of each snapshot: a seam, so
 * that the recorder and its tests need no limiter. {@link StatsConfiguration} adapts the
 * {@code ConcurrencyLimiter}'s statistics to it.
 */
@FunctionalInterface
interface AdmissionStatistics {

	/** No limiter: nothing in flight, nothing queued, nothing rejected. */
	AdmissionStatistics NONE = () -> Admission.NONE;

	/**
	 * The limiter's figures as of now; called once per snapshot, so it must be cheap and
	 * non-blocking.
	 */
	Admission admission();

	/**
	 * @param inFlight requests holding a permit now
	 * @param queued requests waiting for a permit now
	 * @param rejected requests answered 503 since start, queue full or timed out
	 */
	record Admission(int inFlight, int queued, long rejected) {

		static final Admission NONE = new Admission(0, 0, 0);

	}

}

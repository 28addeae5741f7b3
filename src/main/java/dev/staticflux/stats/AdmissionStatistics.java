package dev.staticflux.stats;

/**
 * What the statistics read from the admission limiter: a seam, so that {@code stats} does not depend on
 * {@code limit}. The limiter's wiring provides one bean of this type; without it every figure is zero.
 */
@FunctionalInterface
public interface AdmissionStatistics {

	/** No limiter: nothing in flight, nothing queued, nothing rejected. */
	AdmissionStatistics NONE = () -> Admission.NONE;

	/** The limiter's figures as of now; called once per snapshot, so it must be cheap and non-blocking. */
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

package dev.staticflux.stats;

/** Completed responses fed to a recorder as {@link ResponseAccounting} feeds them. */
final class Responses {

	/**
	 * 2026-11-26T12:00:00Z in microseconds since the epoch: any start that is not zero.
	 */
	static final long START_MICROS = 1_795_694_400_000_000L;

	private Responses() {
	}

	/**
	 * A {@code GET /index.html} answered with {@code status} that took {@code micros}.
	 */
	static void record(StatsRecorder recorder, String status, long bodyBytes, long micros) {
		recorder.recordResponse("GET", "/index.html", status, bodyBytes, START_MICROS, START_MICROS + micros);
	}

	/** The same taking whole milliseconds. */
	static void recordMillis(StatsRecorder recorder, String status, long bodyBytes, long millis) {
		record(recorder, status, bodyBytes, millis * 1000);
	}

}

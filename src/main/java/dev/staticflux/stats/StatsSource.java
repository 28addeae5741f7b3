package dev.staticflux.stats;

/**
 * Where readers (the Actuator endpoint, the dashboard, the periodic log line) get the
 * current statistics.
 */
@FunctionalInterface
public interface StatsSource {

	/** The statistics as of now; cheap enough to call once per second per reader. */
	StatsSnapshot snapshot();

}

package dev.staticflux.stats;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code GET /actuator/staticflux} on the management port: the current
 * {@link StatsSnapshot}, the same JSON the dashboard stream sends.
 */
@Endpoint(id = "staticflux")
final class StatsEndpoint {

	private final StatsSource source;

	StatsEndpoint(StatsSource source) {
		this.source = source;
	}

	@ReadOperation
	StatsSnapshot snapshot() {
		return source.snapshot();
	}

}

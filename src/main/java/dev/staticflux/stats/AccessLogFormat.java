package dev.staticflux.stats;

import reactor.netty.http.server.logging.AccessLogArgProvider;

import dev.staticflux.config.StaticFluxProperties;

/**
 * Formats one access-log line (without its line break) on the event loop that completed
 * the response.
 */
@FunctionalInterface
interface AccessLogFormat {

	/**
	 * @param response what Reactor Netty knows of the request and response
	 * @param bodyBytes body bytes sent, as counted by the statistics
	 * @param micros the response time in microseconds, or -1 when it is unknown
	 */
	String format(AccessLogArgProvider response, long bodyBytes, long micros);

	/** The format {@code staticflux.access-log.format} names. */
	static AccessLogFormat of(StaticFluxProperties.AccessLog.Format format) {
		return switch (format) {
			case COMBINED -> {
				CombinedLogFormat combined = new CombinedLogFormat();
				// Combined's last field stays whole milliseconds, as log analysers
				// configured for it expect.
				yield (response, bodyBytes, micros) -> combined.format(response, bodyBytes, Math.max(0, micros) / 1000);
			}
			case JSON -> new JsonLogFormat();
		};
	}

}

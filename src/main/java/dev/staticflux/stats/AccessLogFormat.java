package dev.staticflux.stats;

import java.time.ZoneId;

import reactor.netty.http.server.logging.AccessLogArgProvider;

import dev.staticflux.config.StaticFluxProperties;

/**
 * Formats one access-log line (without its line break) on the event loop that completed
 * the response.
 */
@FunctionalInterface
interface AccessLogFormat {

	/**
	 * Appends the line to {@code line}.
	 * @param response what Reactor Netty knows of the request and response
	 * @param startMicros when the request arrived, in microseconds since the epoch; 0
	 * when unknown
	 * @param zone the server's time zone, for a format that writes local time
	 * @param bodyBytes body bytes sent, as counted by the statistics
	 * @param micros the response time in microseconds, or -1 when it is unknown
	 * @param line the line to append to
	 */
	void format(AccessLogArgProvider response, long startMicros, ZoneId zone, long bodyBytes, long micros,
			AccessLogLine line);

	/** The format {@code staticflux.access-log.format} names. */
	static AccessLogFormat of(StaticFluxProperties.AccessLog.Format format) {
		return switch (format) {
			case COMBINED -> {
				CombinedLogFormat combined = new CombinedLogFormat();
				// Combined's last field stays whole milliseconds, as log analysers
				// configured for it expect.
				yield (response, startMicros, zone, bodyBytes, micros, line) -> combined.format(response, startMicros,
						zone, bodyBytes, Math.max(0, micros) / 1000, line);
			}
			case JSON -> new JsonLogFormat();
		};
	}

}

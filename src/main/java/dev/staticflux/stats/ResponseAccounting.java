package dev.staticflux.stats;

import java.net.SocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ServerChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.quic.QuicChannel;
import reactor.netty.ConnectionObserver;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.logging.AccessLog;
import reactor.netty.http.server.logging.AccessLogArgProvider;
import org.jspecify.annotations.Nullable;

/**
 * Counts at the Netty level, so that every response of the file server is counted exactly
 * once whatever produced it: the file engine, the limiter's 503, WebFlux's error pages,
 * or Reactor Netty's own 400/413/414/431 for a malformed request.
 * <ul>
 * <li>Responses: Reactor Netty's access-log hook calls {@link #completed} once per
 * response, on the event loop, when the response's last byte has been written to the
 * socket. A response whose connection fails before that is not counted.</li>
 * <li>Connections: each accepted TCP connection, and each QUIC connection of the HTTP/3
 * listener, is counted from its channel's initialisation to its close.</li>
 * <li>Protocols: each counted response also counts under its request's protocol.</li>
 * </ul>
 * A response's time runs from Reactor Netty's arrival timestamp of its request (taken
 * when the request's head was decoded) to this hook's call, both read from the wall clock
 * with microsecond resolution; a clock stepped back in between gives an impossible time,
 * which the recorder leaves out of the latency. Installed on the main server (see
 * {@link StatsConfiguration}) and by the HTTP/3 listener on its own server, never on the
 * Actuator management server. Access-log lines write local time in the clock's zone (the
 * server's, as Reactor Netty's own timestamps), or in the zone of Reactor Netty's arrival
 * timestamp for the responses it wrote.
 */
public final class ResponseAccounting {

	private final StatsRecorder recorder;

	private final Clock clock;

	@Nullable private final AccessLogWriter accessLog;

	private final AccessLogFormat format;

	/**
	 * One listener for every connection's close, so that accepting one allocates none.
	 */
	private final ChannelFutureListener connectionClosed;

	ResponseAccounting(StatsRecorder recorder, Clock clock, @Nullable AccessLogWriter accessLog,
			AccessLogFormat format) {
		this.recorder = recorder;
		this.clock = clock;
		this.accessLog = accessLog;
		this.format = format;
		this.connectionClosed = closed -> recorder.connectionClosed();
	}

	/** The server with its responses and connections counted and logged here. */
	public HttpServer apply(HttpServer server) {
		return server.accessLog(true, this::completed).doOnChannelInit(this::initialized);
	}

	/**
	 * Always {@code null}: the line goes to our own writer, not to Reactor Netty's access
	 * logger.
	 */
	@Nullable private AccessLog completed(AccessLogArgProvider response) {
		ZonedDateTime time = response.accessDateTime();
		completed(response, micros(time), (time != null) ? time.getZone() : clock.getZone());
		return null;
	}

	/**
	 * Counts and logs a response once its last byte has been written to the socket: the
	 * hook of Reactor Netty's access log calls it for what Reactor Netty wrote, and the
	 * connection handler that answers cache hits below Reactor Netty for what it wrote.
	 * @param response the request and response, as the access log reads them
	 * @param startMicros when the request's head was decoded, in microseconds since the
	 * epoch; 0 when unknown
	 */
	public void completed(AccessLogArgProvider response, long startMicros) {
		completed(response, startMicros, clock.getZone());
	}

	private void completed(AccessLogArgProvider response, long startMicros, ZoneId zone) {
		// Reactor Netty logs a response once it is written, so its status line has gone
		// out
		CharSequence status = Objects.requireNonNull(response.status(), "the status of a written response");
		long bodyBytes = bodyBytes(response.method(), status, response.contentLength());
		long end = micros(clock.instant());
		recorder.recordResponse(response.method(), response.uri(), status, bodyBytes, startMicros, end);
		recorder.recordProtocol(response.protocol());
		if (accessLog != null) {
			AccessLogLine line = AccessLogLine.empty();
			format.format(response, startMicros, zone, bodyBytes, StatsRecorder.duration(startMicros, end), line);
			accessLog.write(line.toBytes());
		}
	}

	/** The wall clock, in microseconds since the epoch, as responses are timed here. */
	public long nowMicros() {
		return micros(clock.instant());
	}

	/** Microseconds since the epoch; 0 for a missing timestamp. */
	static long micros(@Nullable ZonedDateTime time) {
		return (time != null) ? time.toEpochSecond() * 1_000_000 + time.getNano() / 1_000 : 0;
	}

	private static long micros(Instant time) {
		return time.getEpochSecond() * 1_000_000 + time.getNano() / 1_000;
	}

	private void initialized(ConnectionObserver observer, Channel channel, @Nullable SocketAddress remote) {
		// Connections only: an HTTP/2 stream is a child channel of its TCP connection,
		// not of the server, and the
		// HTTP/3 listener initialises each QUIC connection here (its streams are set up
		// by the HTTP/3 codec).
		if (channel.parent() instanceof ServerChannel || channel instanceof QuicChannel) {
			recorder.connectionOpened();
			channel.closeFuture().addListener(connectionClosed);
		}
	}

	/**
	 * The body bytes a response put on the wire. Reactor Netty reports the
	 * {@code Content-Length} header of a response that has one, even when no body may
	 * follow it: a HEAD response carries the length of the GET it stands for, and a 304
	 * may carry the length of the representation. Neither, nor a 1xx or 204, sends a body
	 * (RFC 9110, sections 6.4.1 and 9.3.2). {@code contentLength} is -1 when unknown,
	 * i.e. a response without {@code Content-Length} that is not chunked, which only a
	 * close-delimited HTTP/1.0 response would be.
	 */
	static long bodyBytes(@Nullable CharSequence method, CharSequence status, long contentLength) {
		if (contentLength <= 0 || (method != null && HttpMethod.HEAD.asciiName().contentEquals(method))
				|| neverHasBody(status)) {
			return 0;
		}
		return contentLength;
	}

	private static boolean neverHasBody(CharSequence status) {
		return (status.length() == 3 && status.charAt(0) == '1') || "204".contentEquals(status)
				|| "304".contentEquals(status);
	}

}

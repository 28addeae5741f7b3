package dev.staticflux.stats;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Spring Boot's standard {@code http.server.requests} timer, with the tags of Spring's
 * {@code DefaultServerRequestObservationConvention}, recorded from the Netty-level
 * accounting so that it covers every response of the file server (WebFlux routes, the
 * fast path, the limiter's 503 and the decoder's 400s):
 * <ul>
 * <li>{@code method}: the request method, {@code UNKNOWN} for a method outside RFC 9110's
 * and {@code PATCH}, or for a request rejected before its method was read;</li>
 * <li>{@code status}: the status code sent;</li>
 * <li>{@code outcome}: the status's class, {@code INFORMATIONAL}, {@code SUCCESS},
 * {@code REDIRECTION}, {@code CLIENT_ERROR}, {@code SERVER_ERROR} or
 * {@code UNKNOWN};</li>
 * <li>{@code uri}: the route's template (see {@link UriTemplates}), never the path;</li>
 * <li>{@code exception}: always {@code none}: this layer sees the response, not the
 * exception behind a 500, which the application log records.</li>
 * </ul>
 * Every tag has a bounded set of values, so the timers are held in an array indexed by
 * method, template and status, and looking one up neither allocates nor locks; a timer is
 * registered the first time its combination is sent. The registry's filters apply as to
 * any meter: {@code management.metrics.enable.http.server.requests=false} turns it off,
 * {@code management.metrics.distribution.percentiles-histogram.http.server.requests} (on
 * in the packaged configuration) gives it histogram buckets.
 */
final class HttpServerRequests {

	static final String NAME = "http.server.requests";

	private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH",
			"TRACE", "CONNECT", "UNKNOWN");

	private static final int UNKNOWN_METHOD = METHODS.size() - 1;

	/** Status codes 100 to 599, and one slot for anything else. */
	private static final int STATUSES = 501;

	private final MeterRegistry registry;

	private final UriTemplates uris;

	private final List<String> templates;

	private final AtomicReferenceArray<Timer> timers;

	HttpServerRequests(MeterRegistry registry, UriTemplates uris) {
		this.registry = registry;
		this.uris = uris;
		this.templates = uris.all();
		this.timers = new AtomicReferenceArray<>(METHODS.size() * templates.size() * STATUSES);
	}

	void record(@Nullable CharSequence method, @Nullable CharSequence uri, CharSequence status, long micros) {
		int methodIndex = methodIndex(method);
		int template = uris.index(uri);
		int statusIndex = statusIndex(status);
		int index = (methodIndex * templates.size() + template) * STATUSES + statusIndex;
		Timer timer = timers.get(index);
		if (timer == null) {
			timer = register(methodIndex, template, statusIndex);
			timers.set(index, timer);
		}
		timer.record(micros, TimeUnit.MICROSECONDS);
	}

	private Timer register(int method, int template, int status) {
		String code = (status < STATUSES - 1) ? Integer.toString(status + 100) : "UNKNOWN";
		return Timer.builder(NAME)
			.description("Duration of HTTP server request handling")
			.tags(Tags.of("method", METHODS.get(method), "uri", templates.get(template), "status", code, "outcome",
					outcome(status), "exception", "none"))
			.register(registry);
	}

	private static String outcome(int status) {
		return switch ((status < STATUSES - 1) ? (status + 100) / 100 : 0) {
			case 1 -> "INFORMATIONAL";
			case 2 -> "SUCCESS";
			case 3 -> "REDIRECTION";
			case 4 -> "CLIENT_ERROR";
			case 5 -> "SERVER_ERROR";
			default -> "UNKNOWN";
		};
	}

	private static int methodIndex(@Nullable CharSequence method) {
		if (method == null) {
			return UNKNOWN_METHOD;
		}
		for (int i = 0; i < UNKNOWN_METHOD; i++) {
			if (METHODS.get(i).contentEquals(method)) {
				return i;
			}
		}
		return UNKNOWN_METHOD;
	}

	/** {@code "200"} as 100; anything but a code from 100 to 599 as the last slot. */
	private static int statusIndex(CharSequence status) {
		if (status.length() != 3) {
			return STATUSES - 1;
		}
		int code = 0;
		for (int i = 0; i < 3; i++) {
			char c = status.charAt(i);
			if (c < '0' || c > '9') {
				return STATUSES - 1;
			}
			code = code * 10 + (c - '0');
		}
		return (code >= 100 && code <= 599) ? code - 100 : STATUSES - 1;
	}

}

package dev.staticflux.dashboard;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.codec.ServerSentEvent;

/**
 * The dashboard's server-sent events: one hot stream shared by every viewer.
 * <p>
 * The statistics are sampled and serialized to JSON once per interval, however many
 * viewers are connected, and not at all while nobody watches (the timer starts with the
 * first subscriber and stops with the last). A newcomer gets the latest sample at once,
 * then each new one. A viewer whose connection cannot keep up is sent only the latest
 * sample when it can take one, so it never holds the others back nor makes the server
 * buffer for it. A viewer that disconnects is cancelled by the server and counted out at
 * once. At most {@code maxViewers} streams are open at once: the handler answers 503 when
 * {@link #full()}, and a stream that would exceed the limit all the same (viewers
 * arriving together) ends at once, so the count never exceeds it.
 */
final class StatsStream implements MeterBinder {

	/**
	 * Sent when nothing else is, so that proxies and browsers keep an idle connection
	 * open.
	 */
	static final Duration HEARTBEAT = Duration.ofSeconds(15);

	/** How long a browser waits before reconnecting after the stream breaks. */
	static final Duration RECONNECT_DELAY = Duration.ofSeconds(2);

	static final String EVENT_NAME = "stats";

	private static final Log logger = LogFactory.getLog(StatsStream.class);

	private static final ServerSentEvent<String> OPENING = ServerSentEvent.<String>builder()
		.comment("staticflux dashboard")
		.retry(RECONNECT_DELAY)
		.build();

	private static final ServerSentEvent<String> HEARTBEAT_EVENT = ServerSentEvent.<String>builder()
		.comment("heartbeat")
		.build();

	private final LatestSnapshot latest;

	private final JsonMapper jsonMapper;

	private final int maxViewers;

	private final Flux<ServerSentEvent<String>> samples;

	private final Flux<ServerSentEvent<String>> heartbeats;

	private final AtomicInteger subscribers = new AtomicInteger();

	StatsStream(LatestSnapshot latest, JsonMapper jsonMapper, Duration interval, int maxViewers, Scheduler scheduler) {
		this.latest = latest;
		this.jsonMapper = jsonMapper;
		this.maxViewers = maxViewers;
		this.samples = Flux.interval(Duration.ZERO, interval, scheduler)
			.onBackpressureDrop()
			.mapNotNull(tick -> sample())
			.replay(1)
			.refCount();
		this.heartbeats = Flux.interval(HEARTBEAT, HEARTBEAT, scheduler)
			.onBackpressureDrop()
			.map(tick -> HEARTBEAT_EVENT)
			.share();
	}

	/**
	 * One viewer's events: a reconnect hint, the latest sample, then every sample and
	 * heartbeat. Never completes; the viewer ends it by disconnecting. Empty when
	 * {@code maxViewers} are already connected.
	 */
	Flux<ServerSentEvent<String>> events() {
		return Flux.defer(() -> {
			if (this.subscribers.incrementAndGet() > this.maxViewers) {
				this.subscribers.decrementAndGet();
				return Flux.empty();
			}
			return Flux.merge(this.samples, this.heartbeats)
				.onBackpressureLatest()
				.startWith(OPENING)
				.doFinally(signal -> this.subscribers.decrementAndGet());
		});
	}

	/** Whether {@code maxViewers} streams are open, so that another is refused. */
	boolean full() {
		return this.subscribers.get() >= this.maxViewers;
	}

	/** Viewers connected now. */
	int subscribers() {
		return this.subscribers.get();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("staticflux.dashboard.subscribers", this, StatsStream::subscribers)
			.description("Dashboard viewers connected to the statistics stream")
			.register(registry);
	}

	/**
	 * A failing sample is skipped, not propagated: it would end the stream for every
	 * viewer.
	 */
	private @Nullable ServerSentEvent<String> sample() {
		try {
			String json = this.jsonMapper.writeValueAsString(this.latest.refresh());
			return ServerSentEvent.builder(json).event(EVENT_NAME).build();
		}
		catch (RuntimeException ex) {
			logger.warn("Dashboard: statistics sample skipped", ex);
			return null;
		}
	}

}

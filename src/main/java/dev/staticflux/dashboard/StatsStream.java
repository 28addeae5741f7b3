package dev.staticflux.dashboard;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.json.JsonMapper;

import dev.staticflux.stats.StatsSource;

import org.springframework.http.codec.ServerSentEvent;

/**
 * The dashboard's server-sent events: one hot stream shared by every viewer.
 * <p>
 * The statistics are sampled and serialized to JSON once per interval, however many viewers
 * are connected, and not at all while nobody watches (the timer starts with the first
 * subscriber and stops with the last). A newcomer gets the latest sample at once, then each
 * new one. A viewer whose connection cannot keep up is sent only the latest sample when it
 * can take one, so it never holds the others back nor makes the server buffer for it.
 * A viewer that disconnects is cancelled by the server and counted out at once.
 */
final class StatsStream implements MeterBinder {

	/** Sent when nothing else is, so that proxies and browsers keep an idle connection open. */
	static final Duration HEARTBEAT = Duration.ofSeconds(15);

	/** How long a browser waits before reconnecting after the stream breaks. */
	static final Duration RECONNECT_DELAY = Duration.ofSeconds(2);

	static final String EVENT_NAME = "stats";

	private static final Logger logger = LoggerFactory.getLogger(StatsStream.class);

	private static final ServerSentEvent<String> OPENING = ServerSentEvent.<String>builder()
		.comment("staticflux dashboard")
		.retry(RECONNECT_DELAY)
		.build();

	private static final ServerSentEvent<String> HEARTBEAT_EVENT = ServerSentEvent.<String>builder()
		.comment("heartbeat")
		.build();

	private final StatsSource source;

	private final JsonMapper jsonMapper;

	private final Flux<ServerSentEvent<String>> samples;

	private final Flux<ServerSentEvent<String>> heartbeats;

	private final AtomicInteger subscribers = new AtomicInteger();

	StatsStream(StatsSource source, JsonMapper jsonMapper, Duration interval, Scheduler scheduler) {
		this.source = source;
		this.jsonMapper = jsonMapper;
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
	 * One viewer's events: a reconnect hint, the latest sample, then every sample and heartbeat.
	 * Never completes; the viewer ends it by disconnecting.
	 */
	Flux<ServerSentEvent<String>> events() {
		return Flux.merge(this.samples, this.heartbeats)
			.onBackpressureLatest()
			.startWith(OPENING)
			.doOnSubscribe(subscription -> this.subscribers.incrementAndGet())
			.doFinally(signal -> this.subscribers.decrementAndGet());
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

	/** A failing sample is skipped, not propagated: it would end the stream for every viewer. */
	private ServerSentEvent<String> sample() {
		try {
			String json = this.jsonMapper.writeValueAsString(this.source.snapshot());
			return ServerSentEvent.builder(json).event(EVENT_NAME).build();
		}
		catch (RuntimeException ex) {
			logger.warn("Dashboard: statistics sample skipped", ex);
			return null;
		}
	}

}

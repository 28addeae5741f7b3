package dev.staticflux.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.json.JsonMapper;

import dev.staticflux.stats.StatsSource;

import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;

class StatsStreamTests {

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();

	private final AtomicInteger samples = new AtomicInteger();

	private final StatsSource source = () -> Snapshots.withTotal(this.samples.incrementAndGet());

	private final StatsStream stream = stream(this.source, 1000);

	private final List<Disposable> viewers = new ArrayList<>();

	@AfterEach
	void disconnectViewers() {
		this.viewers.forEach(Disposable::dispose);
		this.scheduler.dispose();
	}

	@Test
	void samplesOncePerIntervalWhateverTheNumberOfViewers() {
		connect(1);
		this.scheduler.advanceTimeBy(Duration.ofSeconds(5));
		assertThat(this.samples).hasValue(6);

		connect(99);
		this.scheduler.advanceTimeBy(Duration.ofSeconds(5));
		assertThat(this.samples).hasValue(11);
	}

	@Test
	void everyViewerReceivesEverySample() {
		List<List<ServerSentEvent<String>>> received = IntStream.range(0, 3).mapToObj(i -> {
			List<ServerSentEvent<String>> events = new ArrayList<>();
			this.viewers.add(this.stream.events().subscribe(events::add));
			return events;
		}).toList();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(2));

		assertThat(received).allSatisfy(events -> assertThat(events).filteredOn(e -> "stats".equals(e.event()))
			.extracting(ServerSentEvent::data)
			.hasSize(3)
			.allSatisfy(json -> assertThat(json).startsWith("{\"timestamp\"")));
	}

	@Test
	void opensWithAReconnectHintThenSendsTheLatestSampleAndEachNewOne() {
		StepVerifier.create(this.stream.events()).assertNext(opening -> {
			assertThat(opening.retry()).isEqualTo(StatsStream.RECONNECT_DELAY);
			assertThat(opening.data()).isNull();
		}).then(() -> this.scheduler.advanceTime()).assertNext(first -> {
			assertThat(first.event()).isEqualTo("stats");
			assertThat(first.data()).contains("\"totalRequests\":1,")
				.contains("\"timestamp\":\"2026-11-26T12:00:01Z\"");
		})
			.then(() -> this.scheduler.advanceTimeBy(INTERVAL.minusMillis(1)))
			.expectNoEvent(Duration.ofMillis(50))
			.then(() -> this.scheduler.advanceTimeBy(Duration.ofMillis(1)))
			.assertNext(second -> assertThat(second.data()).contains("\"totalRequests\":2,"))
			.thenCancel()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void aViewerArrivingLateGetsTheLatestSampleAtOnceWithoutANewSampling() {
		connect(1);
		this.scheduler.advanceTimeBy(Duration.ofSeconds(3));

		assertANewViewerGetsAtOnceTheSampleWithTotal(4);
		assertThat(this.samples).hasValue(4);
	}

	@Test
	void sendsAHeartbeatComment() {
		List<ServerSentEvent<String>> events = new ArrayList<>();
		this.viewers.add(this.stream.events().subscribe(events::add));
		this.scheduler.advanceTimeBy(StatsStream.HEARTBEAT);

		assertThat(events).filteredOn(e -> "heartbeat".equals(e.comment())).hasSize(1);
	}

	@Test
	void countsViewersOutAsSoonAsTheyLeaveAndStopsSamplingWhenNobodyWatches() {
		connect(3);
		assertThat(this.stream.subscribers()).isEqualTo(3);

		this.viewers.remove(0).dispose();
		assertThat(this.stream.subscribers()).isEqualTo(2);

		this.viewers.forEach(Disposable::dispose);
		assertThat(this.stream.subscribers()).isZero();
		int sampled = this.samples.get();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(10));
		assertThat(this.samples).hasValue(sampled);
	}

	@Test
	void samplesAgainWhenAViewerComesBackAfterEveryoneLeft() {
		connect(1);
		this.viewers.remove(0).dispose();
		this.scheduler.advanceTimeBy(Duration.ofSeconds(10));

		assertANewViewerGetsAtOnceTheSampleWithTotal(2);
	}

	@Test
	void skipsAFailingSampleAndKeepsStreaming() {
		AtomicInteger calls = new AtomicInteger();
		StatsSource flaky = () -> {
			if (calls.incrementAndGet() == 2) {
				throw new IllegalStateException("boom");
			}
			return Snapshots.withTotal(calls.get());
		};
		StatsStream flakyStream = stream(flaky, 1000);
		List<String> data = new ArrayList<>();
		this.viewers.add(flakyStream.events().filter(e -> e.data() != null).subscribe(e -> data.add(e.data())));
		this.scheduler.advanceTimeBy(Duration.ofSeconds(2));

		assertThat(data).hasSize(2);
		assertThat(data.get(1)).contains("\"totalRequests\":3,");
	}

	@Test
	void publishesTheViewerCountAsAGauge() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.stream.bindTo(registry);
		connect(2);

		assertThat(registry.get("staticflux.dashboard.subscribers").gauge().value()).isEqualTo(2);
	}

	@Test
	void refusesViewersBeyondTheMaximumAndAdmitsOneWhenAnotherLeaves() {
		StatsStream limited = stream(this.source, 2);
		this.viewers.add(limited.events().subscribe());
		assertThat(limited.full()).isFalse();
		this.viewers.add(limited.events().subscribe());

		assertThat(limited.full()).isTrue();
		StepVerifier.create(limited.events()).verifyComplete();
		assertThat(limited.subscribers()).isEqualTo(2);

		this.viewers.remove(0).dispose();
		assertThat(limited.full()).isFalse();
		StepVerifier.create(limited.events())
			.expectNextMatches(opening -> opening.retry() != null)
			.thenCancel()
			.verify();
	}

	@Test
	void eachSampleIsTheSnapshotAPageLoadThenReads() {
		LatestSnapshot latest = new LatestSnapshot(this.source, INTERVAL,
				() -> this.scheduler.now(TimeUnit.NANOSECONDS));
		StatsStream sampled = new StatsStream(latest, JsonMapper.builder().build(), INTERVAL, 10, this.scheduler);
		this.viewers.add(sampled.events().subscribe());
		this.scheduler.advanceTimeBy(Duration.ofSeconds(3));
		int taken = this.samples.get();

		assertThat(latest.get().totalRequests()).isEqualTo(taken);
		assertThat(this.samples).hasValue(taken);
	}

	private StatsStream stream(StatsSource source, int maxViewers) {
		LatestSnapshot latest = new LatestSnapshot(source, INTERVAL, () -> this.scheduler.now(TimeUnit.NANOSECONDS));
		return new StatsStream(latest, JsonMapper.builder().build(), INTERVAL, maxViewers, this.scheduler);
	}

	private void assertANewViewerGetsAtOnceTheSampleWithTotal(long total) {
		StepVerifier.create(this.stream.events())
			.expectNextMatches(opening -> opening.retry() != null)
			.assertNext(sample -> assertThat(sample.data()).contains("\"totalRequests\":" + total + ","))
			.thenCancel()
			.verify(Duration.ofSeconds(5));
	}

	private void connect(int count) {
		for (int i = 0; i < count; i++) {
			this.viewers.add(this.stream.events().subscribe());
		}
	}

}

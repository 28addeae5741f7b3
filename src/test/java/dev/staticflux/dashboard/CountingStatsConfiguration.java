package dev.staticflux.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

import dev.staticflux.stats.StatsSnapshot;
import dev.staticflux.stats.StatsSnapshot.CacheSummary;
import dev.staticflux.stats.StatsSnapshot.Latency;
import dev.staticflux.stats.StatsSnapshot.RequestRates;
import dev.staticflux.stats.StatsSource;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.WebFilter;

/**
 * A stand-in for the statistics recorder: counts the responses the test server completes, by status,
 * so that traffic sent by a test moves the dashboard's figures. Byte, latency and cache figures are
 * derived from the count.
 */
@TestConfiguration(proxyBeanMethods = false)
class CountingStatsConfiguration {

	@Bean
	@Primary
	CountingStatsSource countingStatsSource() {
		return new CountingStatsSource();
	}

	@Bean
	WebFilter responseCounter(CountingStatsSource stats) {
		return (exchange, chain) -> chain.filter(exchange)
			.doFinally(signal -> stats.completed(exchange.getResponse().getStatusCode()));
	}

	static final class CountingStatsSource implements StatsSource {

		private final Instant start = Instant.now();

		private final AtomicLong total = new AtomicLong();

		private final Map<String, Long> statusCounts = new ConcurrentHashMap<>();

		private final ConcurrentLinkedDeque<Instant> lastSecond = new ConcurrentLinkedDeque<>();

		void completed(HttpStatusCode status) {
			this.total.incrementAndGet();
			this.statusCounts.merge(String.valueOf(status == null ? 200 : status.value()), 1L, Long::sum);
			this.lastSecond.add(Instant.now());
		}

		@Override
		public StatsSnapshot snapshot() {
			Instant now = Instant.now();
			this.lastSecond.removeIf(at -> at.isBefore(now.minusSeconds(1)));
			long count = this.total.get();
			long uptime = Duration.between(this.start, now).toSeconds();
			double perSecond = this.lastSecond.size();
			double average = uptime == 0 ? count : (double) count / uptime;
			long hits = count * 4 / 5;
			return new StatsSnapshot(now, count, Map.copyOf(this.statusCounts), count * 14_200, 1, 0, 0, 0, uptime,
					new RequestRates(perSecond, average, average), new Latency(1.1, 0.6 + count % 5 / 10.0, 2.4, 4.8 + count % 7, 9.5),
					new CacheSummary(hits, count - hits, count == 0 ? 0 : (double) hits / count, 0, 12, 184_000));
		}

	}

}

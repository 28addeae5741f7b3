package dev.staticflux.stats;

import java.time.Clock;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.staticflux.cache.CacheStatistics;
import dev.staticflux.cache.FileCache;
import dev.staticflux.config.StaticFluxProperties;
import dev.staticflux.connection.SlowClients;
import dev.staticflux.limit.ConcurrencyLimiter;
import dev.staticflux.limit.LimiterStatistics;
import dev.staticflux.stats.AdmissionStatistics.Admission;

/**
 * Wires the statistics: the recorder (the application's {@link StatsSource}), the Netty hook that feeds it, the
 * access log, the Actuator endpoint, the Micrometer meters and the periodic log line.
 */
@Configuration(proxyBeanMethods = false)
class StatsConfiguration {

	/**
	 * The limiter's, the cache's and the send timeout's figures are read from their beans at snapshot time; without such a bean (as in
	 * slice tests) they are zero.
	 */
	@Bean
	StatsRecorder statsRecorder(ObjectProvider<ConcurrencyLimiter> limiter, ObjectProvider<FileCache> fileCache,
			ObjectProvider<SlowClients> slowClients) {
		ConcurrencyLimiter admissionLimiter = limiter.getIfAvailable();
		AdmissionStatistics admission = (admissionLimiter != null) ? () -> admission(admissionLimiter.statistics())
				: AdmissionStatistics.NONE;
		FileCache cache = fileCache.getIfAvailable();
		Supplier<CacheStatistics> cacheStatistics = (cache != null) ? cache::statistics : () -> CacheStatistics.DISABLED;
		SlowClients aborted = slowClients.getIfAvailable();
		return new StatsRecorder(Clock.systemUTC(), admission, cacheStatistics, (aborted != null) ? aborted::aborted : () -> 0);
	}

	private static Admission admission(LimiterStatistics limiter) {
		return new Admission(limiter.inFlight(), limiter.queued(), limiter.rejected());
	}

	/**
	 * A {@link WebServerFactoryCustomizer} rather than a {@code NettyServerCustomizer} bean, on purpose: a
	 * {@code WebServerFactoryCustomizer} bean customizes only the server factories of its own context, so the
	 * Actuator management server, built in a child context, is never counted nor logged. (Boot 4.1 happens not to
	 * pass the parent's {@code NettyServerCustomizer} beans to that server either, but nothing promises it.)
	 */
	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> responseAccounting(StatsRecorder recorder,
			ObjectProvider<AccessLogWriter> accessLog) {
		return factory -> factory.addServerCustomizers(new ResponseAccounting(recorder, accessLog.getIfAvailable()));
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnBooleanProperty(name = "staticflux.access-log.enabled", matchIfMissing = true)
	AccessLogWriter accessLogWriter(StaticFluxProperties properties) {
		return new AccessLogWriter(properties.accessLog());
	}

	@Bean
	StatsEndpoint statsEndpoint(StatsSource source) {
		return new StatsEndpoint(source);
	}

	@Bean
	StatsMetrics statsMetrics(StatsRecorder recorder, ObjectProvider<AccessLogWriter> accessLog) {
		return new StatsMetrics(recorder, accessLog.getIfAvailable());
	}

	@Bean(destroyMethod = "close")
	StatsLogger statsLogger(StatsSource source, StaticFluxProperties properties) {
		return new StatsLogger(source, properties.stats().logInterval());
	}

}

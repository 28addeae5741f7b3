package dev.staticflux.stats;

import java.time.Clock;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.staticflux.cache.CacheStatistics;
import dev.staticflux.cache.FileCache;
import dev.staticflux.compression.CompressionStatistics;
import dev.staticflux.compression.Compressor;
import dev.staticflux.config.StaticFluxProperties;
import dev.staticflux.connection.SlowClients;
import dev.staticflux.limit.ConcurrencyLimiter;
import dev.staticflux.limit.LimiterStatistics;
import dev.staticflux.stats.AdmissionStatistics.Admission;

/**
 * Wires the statistics: the recorder (the application's {@link StatsSource}), the Netty
 * hook that feeds it, the access log, the Actuator endpoint, the Micrometer meters and
 * the periodic log line.
 */
@Configuration(proxyBeanMethods = false)
class StatsConfiguration {

	/**
	 * The limiter's, the cache's, the compressor's and the send timeout's figures are
	 * read from their beans at snapshot time; without such a bean (as in slice tests)
	 * they are zero.
	 */
	@Bean
	StatsRecorder statsRecorder(ObjectProvider<ConcurrencyLimiter> limiter, ObjectProvider<FileCache> fileCache,
			ObjectProvider<Compressor> compressor, ObjectProvider<SlowClients> slowClients) {
		ConcurrencyLimiter admissionLimiter = limiter.getIfAvailable();
		AdmissionStatistics admission = (admissionLimiter != null) ? () -> admission(admissionLimiter.statistics())
				: AdmissionStatistics.NONE;
		FileCache cache = fileCache.getIfAvailable();
		Supplier<CacheStatistics> cacheStatistics = (cache != null) ? cache::statistics
				: () -> CacheStatistics.DISABLED;
		Compressor compression = compressor.getIfAvailable();
		Supplier<CompressionStatistics> compressionStatistics = (compression != null) ? compression::statistics
				: () -> CompressionStatistics.NONE;
		SlowClients aborted = slowClients.getIfAvailable();
		return new StatsRecorder(Clock.systemUTC(), admission, cacheStatistics, compressionStatistics,
				(aborted != null) ? aborted::aborted : () -> 0);
	}

	private static Admission admission(LimiterStatistics limiter) {
		return new Admission(limiter.inFlight(), limiter.queued(), limiter.rejected());
	}

	/**
	 * A {@link WebServerFactoryCustomizer} rather than a {@code NettyServerCustomizer}
	 * bean, on purpose: a {@code WebServerFactoryCustomizer} bean customizes only the
	 * server factories of its own context, so the Actuator management server, built in a
	 * child context, is never counted nor logged. (Boot 4.1 happens not to pass the
	 * parent's {@code NettyServerCustomizer} beans to that server either, but nothing
	 * promises it.)
	 */
	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> responseAccountingOnServer(
			ResponseAccounting accounting) {
		return factory -> factory.addServerCustomizers(accounting::apply);
	}

	/**
	 * Not a {@code NettyServerCustomizer} bean, which Boot would apply to every server it
	 * builds (see above).
	 */
	@Bean
	ResponseAccounting responseAccounting(StatsRecorder recorder, ObjectProvider<AccessLogWriter> accessLog,
			StaticFluxProperties properties) {
		// the system zone: the access log's local time, as Reactor Netty's own timestamps
		return new ResponseAccounting(recorder, Clock.systemDefaultZone(), accessLog.getIfAvailable(),
				AccessLogFormat.of(properties.accessLog().format()));
	}

	/**
	 * The routes {@code http.server.requests} tells apart. Actuator shares the file
	 * server's port when {@code management.server.port} is unset or equal to a fixed
	 * {@code server.port}, as Boot's {@code ManagementPortType} decides ({@code 0} is a
	 * random port of its own, {@code -1} no port).
	 */
	@Bean
	UriTemplates uriTemplates(StaticFluxProperties properties, Environment environment) {
		String dashboard = properties.dashboard().enabled() ? properties.dashboard().path() : null;
		String managementPort = environment.getProperty("management.server.port");
		boolean actuatorHere = managementPort == null || (!managementPort.equals("0")
				&& managementPort.equals(environment.getProperty("server.port", "8080")));
		String actuator = actuatorHere ? environment.getProperty("management.endpoints.web.base-path", "/actuator")
				: null;
		return new UriTemplates(dashboard, actuator);
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
	StatsMetrics statsMetrics(StatsRecorder recorder, ObjectProvider<AccessLogWriter> accessLog,
			UriTemplates uriTemplates) {
		return new StatsMetrics(recorder, accessLog.getIfAvailable(), uriTemplates);
	}

	@Bean
	ReadinessMetric readinessMetric(ObjectProvider<HealthEndpoint> health) {
		return new ReadinessMetric(health);
	}

	@Bean(destroyMethod = "close")
	StatsLogger statsLogger(StatsSource source, StaticFluxProperties properties) {
		return new StatsLogger(source, properties.stats().logInterval());
	}

}

package dev.staticflux.stats;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.staticflux.cache.CacheStatistics;
import dev.staticflux.config.StaticFluxProperties;

/**
 * Wires the statistics: the recorder (the application's {@link StatsSource}), the Netty hook that feeds it, the
 * access log, the Actuator endpoint, the Micrometer meters and the periodic log line.
 */
@Configuration(proxyBeanMethods = false)
class StatsConfiguration {

	/**
	 * The limiter's figures come through an {@link AdmissionStatistics} bean when one exists. The file cache's
	 * figures are zero until the cache is wired in.
	 */
	@Bean
	StatsRecorder statsRecorder(ObjectProvider<AdmissionStatistics> admission) {
		return new StatsRecorder(Clock.systemUTC(), admission.getIfAvailable(() -> AdmissionStatistics.NONE),
				() -> CacheStatistics.DISABLED);
	}

	/**
	 * A {@link WebServerFactoryCustomizer} rather than a {@code NettyServerCustomizer} bean, on purpose: the
	 * Actuator child context builds its server with every {@code NettyServerCustomizer} bean it can see, its
	 * parent's included, whereas {@code WebServerFactoryCustomizer} beans only customize servers of their own
	 * context. So requests to the management port are neither counted nor logged.
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
	StatsMetrics statsMetrics(StatsRecorder recorder) {
		return new StatsMetrics(recorder);
	}

	@Bean(destroyMethod = "close")
	StatsLogger statsLogger(StatsSource source, StaticFluxProperties properties) {
		return new StatsLogger(source, properties.stats().logInterval());
	}

}

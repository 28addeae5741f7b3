package dev.staticflux.limit;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.staticflux.config.StaticFluxProperties;

/**
 * The limiter and its filter. The filter is applied to the file routes only, where they
 * are defined; a {@link RejectionResponder} bean, if declared, replaces the built-in 503
 * page.
 */
@Configuration(proxyBeanMethods = false)
class LimitConfiguration {

	@Bean
	ConcurrencyLimiter concurrencyLimiter(StaticFluxProperties properties, MeterRegistry registry) {
		return new ConcurrencyLimiter(properties.limit(), registry);
	}

	@Bean
	LimitFilter limitFilter(ConcurrencyLimiter limiter, StaticFluxProperties properties,
			ObjectProvider<RejectionResponder> responder) {
		return new LimitFilter(limiter, properties.limit().retryAfter(),
				responder.getIfAvailable(RejectionResponder::builtInPage));
	}

}

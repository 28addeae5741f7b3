package dev.staticflux.config;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The start-up summary line; the version comes from the jar's build-info, when it has
 * one.
 */
@Configuration(proxyBeanMethods = false)
class StartupSummaryConfiguration {

	@Bean
	StartupSummary startupSummary(StaticFluxProperties properties, ObjectProvider<BuildProperties> build) {
		return new StartupSummary(properties, build.getIfAvailable());
	}

}

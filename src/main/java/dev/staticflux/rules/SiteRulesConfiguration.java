package dev.staticflux.rules;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.staticflux.config.StaticFluxProperties;
import dev.staticflux.files.MediaTypes;

/**
 * Compiles the site rules, the media-type table and the {@code Server} header once, at
 * start-up.
 */
@Configuration(proxyBeanMethods = false)
class SiteRulesConfiguration {

	@Bean
	SiteRulesByHost siteRulesByHost(StaticFluxProperties properties) {
		return new SiteRulesByHost(properties);
	}

	@Bean
	MediaTypes mediaTypes(StaticFluxProperties properties) {
		return new MediaTypes(properties.mimeTypes());
	}

	/**
	 * From the environment rather than {@code ServerProperties}, to tell "not set" from
	 * "set empty".
	 */
	@Bean
	ServerHeader serverHeader(Environment environment) {
		return ServerHeader.of(environment.getProperty("server.server-header"));
	}

	@Bean
	SiteRulesEndpoint siteRulesEndpoint(SiteRulesByHost siteRulesByHost, MediaTypes mediaTypes,
			ServerHeader serverHeader) {
		return new SiteRulesEndpoint(siteRulesByHost, mediaTypes, serverHeader);
	}

}

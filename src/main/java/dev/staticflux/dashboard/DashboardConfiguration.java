package dev.staticflux.dashboard;

import java.net.URI;

import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import dev.staticflux.config.StaticFluxProperties;
import dev.staticflux.stats.StatsSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The dashboard's routes, present when {@code staticflux.dashboard.enabled} is true (the default).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "staticflux.dashboard.enabled", matchIfMissing = true)
class DashboardConfiguration {

	@Bean
	StatsStream dashboardStatsStream(StatsSource source, JsonMapper jsonMapper, StaticFluxProperties properties) {
		return new StatsStream(source, jsonMapper, properties.dashboard().interval(), Schedulers.parallel());
	}

	/**
	 * {@code GET {path}} the page, {@code {path}/stream} the events, {@code {path}/assets/**} the
	 * page's scripts and styles from the classpath. Ordered first, so that the dashboard wins over
	 * the file engine's catch-all routes when a file in the root has the same name.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	RouterFunction<ServerResponse> dashboardRoutes(StatsSource source, StatsStream stream,
			StaticFluxProperties properties) {
		StaticFluxProperties.Dashboard dashboard = properties.dashboard();
		String path = dashboard.path();
		warnAboutHiddenFiles(properties, path);
		DashboardHandler handler = new DashboardHandler(source, stream, path, dashboard.interval());
		return RouterFunctions.route()
			.GET(path, handler::page)
			.GET(path + "/", request -> ServerResponse.status(HttpStatus.PERMANENT_REDIRECT).location(URI.create(path)).build())
			.GET(path + "/stream", handler::stream)
			.resources(path + "/assets/**", new ClassPathResource("dashboard/"))
			.build();
	}

	private static void warnAboutHiddenFiles(StaticFluxProperties properties, String path) {
		DashboardPathClash.warnIfAny(properties.root(), path);
		properties.hosts().forEach(host -> DashboardPathClash.warnIfAny(host.root(), path));
	}

}

package dev.staticflux.dashboard;

import java.net.URI;

import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import dev.staticflux.config.StaticFluxProperties;
import dev.staticflux.web.ErrorResponses;
import dev.staticflux.stats.StatsSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The dashboard's routes, present when {@code staticflux.dashboard.enabled} is true (the
 * default).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "staticflux.dashboard.enabled", matchIfMissing = true)
class DashboardConfiguration {

	@Bean
	LatestSnapshot dashboardLatestSnapshot(StatsSource source, StaticFluxProperties properties) {
		return new LatestSnapshot(source, properties.dashboard().interval(), System::nanoTime);
	}

	@Bean
	StatsStream dashboardStatsStream(LatestSnapshot latest, JsonMapper jsonMapper, StaticFluxProperties properties) {
		StaticFluxProperties.Dashboard dashboard = properties.dashboard();
		return new StatsStream(latest, jsonMapper, dashboard.interval(), dashboard.maxViewers(), Schedulers.parallel());
	}

	/**
	 * {@code GET} and {@code HEAD}: {@code {path}} the page, {@code {path}/stream} the
	 * events, {@code {path}/assets/**} the page's scripts and styles from the classpath;
	 * all behind the {@link DashboardGuard}. Ordered first, so that the dashboard wins
	 * over the file engine's catch-all routes when a file in the root has the same name.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	RouterFunction<ServerResponse> dashboardRoutes(LatestSnapshot latest, StatsStream stream, ErrorResponses errorPages,
			StaticFluxProperties properties) {
		StaticFluxProperties.Dashboard dashboard = properties.dashboard();
		String path = dashboard.path();
		warnAboutHiddenFiles(properties, path);
		DashboardHandler handler = new DashboardHandler(latest, stream, errorPages, path, dashboard.interval());
		return RouterFunctions.route()
			.route(getOrHead(path), handler::page)
			.route(getOrHead(path + "/"),
					request -> ServerResponse.status(HttpStatus.PERMANENT_REDIRECT).location(URI.create(path)).build())
			.route(getOrHead(path + "/stream"), handler::stream)
			.resources(path + "/assets/**", new ClassPathResource("dashboard/"))
			.filter(new DashboardGuard(dashboard.allowedBlocks(), errorPages))
			.build();
	}

	private static RequestPredicate getOrHead(String path) {
		return RequestPredicates.path(path)
			.and(RequestPredicates.method(HttpMethod.GET).or(RequestPredicates.method(HttpMethod.HEAD)));
	}

	private static void warnAboutHiddenFiles(StaticFluxProperties properties, String path) {
		DashboardPathClash.warnIfAny(properties.root(), path);
		properties.hosts().forEach(host -> DashboardPathClash.warnIfAny(host.root(), path));
	}

}

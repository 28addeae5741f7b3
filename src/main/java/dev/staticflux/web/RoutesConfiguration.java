package dev.staticflux.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.scheduler.Scheduler;

import dev.staticflux.engine.DecisionPerformer;
import dev.staticflux.engine.FileEngine;
import dev.staticflux.limit.LimitFilter;
import dev.staticflux.limit.RejectionResponder;

/**
 * The WebFlux router: every path and method not claimed by a more specific route (the
 * dashboard) goes to the {@link FileRouteHandler}, behind the admission limiter. It only
 * wires; the behaviour lives in the engine core.
 */
@Configuration(proxyBeanMethods = false)
class RoutesConfiguration {

	/**
	 * Performs the engine's I/O on the file-I/O threads; a plain
	 * {@code CompletableFuture} API, so any adapter may use it.
	 */
	@Bean
	DecisionPerformer decisionPerformer(FileEngine fileEngine, Scheduler fileIoScheduler) {
		return new DecisionPerformer(fileEngine.lookup(), fileIoScheduler::schedule);
	}

	@Bean
	FileRouteHandler fileRouteHandler(FileEngine fileEngine, DecisionPerformer decisionPerformer,
			Scheduler fileIoScheduler) {
		return new FileRouteHandler(fileEngine, decisionPerformer, fileIoScheduler);
	}

	/** The limiter's 503 uses the site's {@code errors/503.html} like any other error. */
	@Bean
	RejectionResponder rejectionResponder(FileRouteHandler fileRouteHandler) {
		return (request, reason, retryAfter) -> fileRouteHandler.render(request, HttpStatus.SERVICE_UNAVAILABLE);
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	RouterFunction<ServerResponse> fileRoutes(FileRouteHandler fileRouteHandler, LimitFilter limitFilter) {
		return RouterFunctions.route(RequestPredicates.all(), fileRouteHandler).filter(limitFilter);
	}

}

package dev.staticflux.http;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.scheduler.Scheduler;

import dev.staticflux.cache.DiskLookup;
import dev.staticflux.cache.FileCache;
import dev.staticflux.cache.FileLookup;
import dev.staticflux.config.StaticFluxProperties;
import dev.staticflux.config.StaticFluxProperties.HiddenFiles;
import dev.staticflux.files.ContentCoding;
import dev.staticflux.files.HostRoots;
import dev.staticflux.limit.ConcurrencyLimiter;
import dev.staticflux.limit.LimitFilter;
import dev.staticflux.limit.RejectionResponder;

/**
 * The router: every path and method not claimed by a more specific route (the dashboard) goes to the
 * {@link FileHandler}, behind the admission limiter. The router only wires; the engine's behaviour lives in
 * the handler and its helpers.
 */
@Configuration(proxyBeanMethods = false)
class RoutesConfiguration {

	@Bean
	CommonHeaders commonHeaders() {
		return new CommonHeaders(new HttpDateClock(Clock.systemUTC()));
	}

	@Bean
	HostRoots hostRoots(StaticFluxProperties properties) {
		return new HostRoots(properties.root(), properties.hosts());
	}

	@Bean
	ErrorPages errorPages(StaticFluxProperties properties, FileCache fileCache, DiskLookup diskLookup,
			HostRoots hostRoots, CommonHeaders commonHeaders, Scheduler fileIoScheduler) {
		return new ErrorPages(lookup(properties, fileCache, diskLookup), hostRoots, commonHeaders, fileIoScheduler);
	}

	/** The limiter's 503 uses the site's {@code errors/503.html} like any other error. */
	@Bean
	RejectionResponder rejectionResponder(ErrorPages errorPages) {
		return (request, reason, retryAfter) -> errorPages.render(request, HttpStatus.SERVICE_UNAVAILABLE);
	}

	@Bean
	FileHandler fileHandler(StaticFluxProperties properties, HostRoots hostRoots, FileCache fileCache,
			DiskLookup diskLookup, Scheduler fileIoScheduler, CommonHeaders commonHeaders, ErrorPages errorPages) {
		FileLookup fileLookup = lookup(properties, fileCache, diskLookup);
		AcceptEncoding acceptEncoding = new AcceptEncoding(
				properties.precompressed().stream().map(ContentCoding::of).toList());
		boolean hiddenAllowed = properties.hiddenFiles() == HiddenFiles.ALLOW;
		return new FileHandler(hostRoots, fileLookup, acceptEncoding, hiddenAllowed,
				new DirectoryListing(hiddenAllowed, properties.followSymlinks()), fileIoScheduler, commonHeaders,
				errorPages);
	}

	/** Memory first when the cache is on; otherwise every lookup goes to disk. */
	private static FileLookup lookup(StaticFluxProperties properties, FileCache fileCache, DiskLookup diskLookup) {
		return properties.cache().enabled() ? fileCache : diskLookup;
	}

	/**
	 * Cache hits answered on Reactor Netty before WebFlux (see {@link FastPath}), unless
	 * {@code staticflux.cache.fast-path=false}. Requests to the dashboard's and Actuator's paths are left to their
	 * routes.
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "staticflux.cache.fast-path", matchIfMissing = true)
	FastPath fastPath(StaticFluxProperties properties, FileHandler fileHandler, ConcurrencyLimiter limiter,
			Environment environment) {
		List<String> reserved = new ArrayList<>();
		reserved.add(environment.getProperty("management.endpoints.web.base-path", "/actuator"));
		if (properties.dashboard().enabled()) {
			reserved.add(properties.dashboard().path());
		}
		return new FastPath(fileHandler, limiter, reserved.stream()
			.map(path -> path.replaceAll("^/+|/+$", ""))
			.filter(path -> !path.isEmpty())
			.toList());
	}

	/**
	 * Installs the {@link FastPath} when the cache is on. A {@link WebServerFactoryCustomizer}, so that it applies
	 * to this context's server only, never to the Actuator management server's.
	 */
	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> fastPathRoute(StaticFluxProperties properties,
			ObjectProvider<FastPath> fastPath) {
		return factory -> fastPath.ifAvailable(route -> {
			if (properties.cache().enabled()) {
				factory.addRouteProviders(routes -> routes.route(route, route));
			}
		});
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	RouterFunction<ServerResponse> fileRoutes(FileHandler fileHandler, LimitFilter limitFilter) {
		return RouterFunctions.route(RequestPredicates.all(), fileHandler).filter(limitFilter);
	}

}

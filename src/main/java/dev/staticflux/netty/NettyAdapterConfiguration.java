package dev.staticflux.netty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.netty.channel.ChannelPipeline;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerConfig;
import reactor.netty.http.server.ProxyProtocolSupportType;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.server.WebFilter;

import dev.staticflux.config.StaticFluxProperties;
import dev.staticflux.engine.DecisionPerformer;
import dev.staticflux.engine.FileEngine;
import dev.staticflux.limit.LimitFilter;
import dev.staticflux.stats.ResponseAccounting;

/**
 * Installs the {@link NettyFileRoute} in front of WebFlux and a {@link DirectResponder}
 * on each HTTP/1.x connection, when {@code staticflux.cache.fast-path} is on (the
 * default) and no application {@code WebFilter} would miss what they answer. With the
 * cache off, the responder still answers misses below WebFlux.
 */
@Configuration(proxyBeanMethods = false)
class NettyAdapterConfiguration {

	private static final Log logger = LogFactory.getLog(NettyAdapterConfiguration.class);

	/** The dashboard's and Actuator's paths are left to their routes. */
	@Bean
	@ConditionalOnBooleanProperty(name = "staticflux.cache.fast-path", matchIfMissing = true)
	NettyFileRoute nettyFileRoute(StaticFluxProperties properties, FileEngine fileEngine, LimitFilter limitFilter,
			Environment environment) {
		List<String> reserved = new ArrayList<>();
		reserved.add(environment.getProperty("management.endpoints.web.base-path", "/actuator"));
		if (properties.dashboard().enabled()) {
			reserved.add(properties.dashboard().path());
		}
		return new NettyFileRoute(fileEngine, limitFilter,
				reserved.stream().map(path -> path.replaceAll("^/+|/+$", "")).filter(path -> !path.isEmpty()).toList());
	}

	/** Only with {@code server.shutdown: graceful} (the default). */
	@Bean
	@ConditionalOnBooleanProperty(name = "staticflux.cache.fast-path", matchIfMissing = true)
	@ConditionalOnProperty(name = "server.shutdown", havingValue = "graceful", matchIfMissing = true)
	DirectResponsesDrain directResponsesDrain(NettyFileRoute route) {
		return new DirectResponsesDrain(route);
	}

	/**
	 * A {@link WebServerFactoryCustomizer}, so that it applies to this context's server
	 * only, never to the Actuator management server's. A filter is never bypassed
	 * silently: with any {@code WebFilter} bean but those listed in
	 * {@code staticflux.cache.fast-path-skip-filters}, the route is not installed and one
	 * line says why.
	 */
	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> nettyFileRouteInstaller(StaticFluxProperties properties,
			ObjectProvider<NettyFileRoute> route, ListableBeanFactory beans, DecisionPerformer performer,
			ResponseAccounting accounting) {
		return factory -> route.ifAvailable(adapter -> {
			List<String> filters = filtersThatMustSeeEveryRequest(beans, properties.cache().fastPathSkipFilters());
			if (!filters.isEmpty()) {
				logger.info(
						"Cache hits are answered through WebFlux, not on Reactor Netty directly, so that the WebFilter"
								+ " beans " + filters
								+ " see every file request; to answer cache hits before WebFlux again, list"
								+ " the filters that need not see them in staticflux.cache.fast-path-skip-filters");
				return;
			}
			factory.addRouteProviders(adapter::wrap);
			factory.addServerCustomizers(server -> withDirectResponder(server, adapter, performer, accounting));
		});
	}

	/**
	 * The server with a {@link DirectResponder} on each HTTP/1.x connection, unless a
	 * setting makes Reactor Netty's per-request handling do something for a response that
	 * the responder does not: then one line says which, and hits are answered by the
	 * {@link NettyFileRoute} alone. Reactor Netty's settings are read when the server is
	 * customized; Boot applies its own ({@code server.compression},
	 * {@code server.forward-headers-strategy}) before any customizer.
	 */
	static HttpServer withDirectResponder(HttpServer server, NettyFileRoute route, DecisionPerformer performer,
			ResponseAccounting accounting) {
		List<String> reasons = settingsThatNeedReactorNetty(server.configuration());
		if (!reasons.isEmpty()) {
			logger.info("Cache hits are answered after Reactor Netty's request handling, not straight from the HTTP"
					+ " codec, because of " + String.join(", ", reasons));
			return server;
		}
		return server.doOnChannelInit((observer, channel, remote) -> {
			ChannelPipeline pipeline = channel.pipeline();
			// HTTP/1.x only: with TLS and HTTP/2 the protocol is chosen later, and an h2c
			// upgrade passes Reactor Netty's own handler
			if (pipeline.get(NettyPipeline.HttpTrafficHandler) != null
					&& pipeline.get(NettyPipeline.H2CUpgradeHandler) == null) {
				pipeline.addBefore(NettyPipeline.HttpTrafficHandler, DirectResponder.NAME,
						new DirectResponder(route, performer, accounting));
			}
		});
	}

	static List<String> settingsThatNeedReactorNetty(HttpServerConfig config) {
		List<String> reasons = new ArrayList<>();
		if (config.isForwarded()) {
			reasons.add("forwarded headers (server.forward-headers-strategy)");
		}
		if (config.compressPredicate() != null || config.minCompressionSize() >= 0) {
			reasons.add("Reactor Netty's compression (server.compression)");
		}
		if (config.maxKeepAliveRequests() != -1) {
			reasons.add("a maximum of requests per connection (server.netty.max-keep-alive-requests)");
		}
		if (config.proxyProtocolSupportType() != ProxyProtocolSupportType.OFF) {
			reasons.add("the PROXY protocol");
		}
		if (config.readTimeout() != null || config.requestTimeout() != null) {
			reasons.add("a read or request timeout");
		}
		if (config.redirectHttpToHttps()) {
			reasons.add("the redirect to HTTPS");
		}
		return reasons;
	}

	/**
	 * {@code WebFilter} bean names, other than the skippable ones. staticflux declares
	 * none of its own (its limiter is a route filter, applied by both adapters), so every
	 * one found comes from the application or a library.
	 */
	static List<String> filtersThatMustSeeEveryRequest(ListableBeanFactory beans, List<String> skippable) {
		return Arrays.stream(beans.getBeanNamesForType(WebFilter.class, true, false))
			.filter(name -> !skippable.contains(name))
			.sorted()
			.toList();
	}

}

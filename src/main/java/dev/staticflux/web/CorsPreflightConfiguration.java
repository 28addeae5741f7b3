package dev.staticflux.web;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.server.ServerWebExchange;

import dev.staticflux.engine.Decision;
import dev.staticflux.engine.FileEngine;
import dev.staticflux.engine.Reply;

/**
 * CORS preflights answered by the engine, like any {@code OPTIONS}: {@code 204} with
 * {@code Allow} and the site's header rules (which is where an operator puts
 * {@code Access-Control-Allow-*}).
 *
 * <p>
 * WebFlux never calls a handler for a preflight ({@code OPTIONS} with {@code Origin} and
 * {@code Access-Control-Request-Method}): its {@code DispatcherHandler} only asks the
 * handler mappings, whose {@link CorsProcessor} writes the answer, {@code 200} without
 * any header of ours by default. So the router's mapping gets a processor that writes the
 * engine's decision for a preflight, and leaves everything else (a route with a CORS
 * configuration of its own, a request that is no preflight) to Spring's
 * {@link DefaultCorsProcessor}. The Reactor Netty adapter leaves {@code OPTIONS} to
 * WebFlux, so both adapters answer preflights here.
 */
@Configuration(proxyBeanMethods = false)
class CorsPreflightConfiguration {

	/**
	 * Static, as a post-processor; the engine is resolved when the mapping is, not
	 * before.
	 */
	@Bean
	static BeanPostProcessor enginePreflights(ObjectProvider<FileEngine> engine) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
				if (bean instanceof RouterFunctionMapping mapping) {
					mapping.setCorsProcessor(new EnginePreflights(engine.getObject()));
				}
				return bean;
			}
		};
	}

	/**
	 * Writes the engine's answer to a preflight without a CORS configuration of the
	 * route's own.
	 */
	static final class EnginePreflights implements CorsProcessor {

		private final CorsProcessor spring = new DefaultCorsProcessor();

		private final FileEngine engine;

		EnginePreflights(FileEngine engine) {
			this.engine = engine;
		}

		@Override
		public boolean process(@Nullable CorsConfiguration configuration, ServerWebExchange exchange) {
			if (configuration != null || !CorsUtils.isPreFlightRequest(exchange.getRequest())) {
				return spring.process(configuration, exchange);
			}
			Decision decision = engine.decide(new WebRequestView(exchange.getRequest()));
			if (!(decision instanceof Decision.Respond respond) || respond.reply().body() != Reply.Empty.INSTANCE) {
				return spring.process(configuration, exchange);
			}
			ReplyResponse.writeHead(engine.sending(respond), exchange.getResponse());
			return true;
		}

	}

}

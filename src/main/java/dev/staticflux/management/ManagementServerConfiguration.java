package dev.staticflux.management;

import java.net.InetAddress;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;

import dev.staticflux.config.StaticFluxProperties;
import dev.staticflux.connection.ConnectionGuards;
import dev.staticflux.connection.SlowClients;

/**
 * The management server's own context (Boot builds it as a child of the application's
 * when {@code management.server.port} differs from {@code server.port}; listed in
 * {@code META-INF/spring/...ManagementContextConfiguration.imports}).
 * <ul>
 * <li>Actuator only. The child's WebFlux dispatcher also sees the parent's handler
 * mappings and router functions, so without this the management port served the whole
 * site and the dashboard. A catch-all mapping ordered after Actuator's own endpoint
 * mappings (order {@value #ACTUATOR_MAPPINGS_ORDER}) and before everything the parent
 * contributes answers {@code 404} to every other request.</li>
 * <li>The file server's {@link ConnectionGuards}: Boot does not pass the parent's Netty
 * customizers to this server.</li>
 * <li>{@link ManagementHostCheck} on write operations (DNS rebinding).</li>
 * </ul>
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@Conditional(ManagementServerConfiguration.ChildContext.class)
class ManagementServerConfiguration {

	/**
	 * The order of Boot's Actuator endpoint mappings
	 * ({@code AbstractWebFluxEndpointHandlerMapping}).
	 */
	static final int ACTUATOR_MAPPINGS_ORDER = -100;

	@Bean
	WebServerFactoryCustomizer<NettyReactiveWebServerFactory> managementConnectionGuards(
			StaticFluxProperties properties, SlowClients slowClients) {
		ConnectionGuards guards = new ConnectionGuards(properties.timeouts(), properties.http2(), slowClients);
		return factory -> factory.addServerCustomizers(guards);
	}

	@Bean
	HandlerMapping actuatorOnlyMapping() {
		RouterFunctionMapping mapping = new RouterFunctionMapping(
				RouterFunctions.route(RequestPredicates.all(), request -> ServerResponse.notFound().build()));
		mapping.setOrder(ACTUATOR_MAPPINGS_ORDER + 1);
		return mapping;
	}

	@Bean
	ManagementHostCheck managementHostCheck(ObjectProvider<ManagementServerProperties> management) {
		ManagementServerProperties properties = management.getIfAvailable();
		InetAddress address = (properties != null) ? properties.getAddress() : null;
		return new ManagementHostCheck(address);
	}

	/**
	 * Only in the management server's child context: component scanning also finds this
	 * class and would otherwise apply it to the application's own context, and so to the
	 * file server.
	 */
	static final class ChildContext implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return context.getBeanFactory() != null && context.getBeanFactory().getParentBeanFactory() != null;
		}

	}

}

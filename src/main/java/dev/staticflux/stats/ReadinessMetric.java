package dev.staticflux.stats;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code staticflux.ready}: 1 while the readiness group
 * ({@code /actuator/health/readiness}, what a Kubernetes readiness probe asks) is UP, 0
 * otherwise, read at scrape time, so that an alert can fire on a replica that is alive
 * but out of the load balancer. Actuator runs a scrape off the event loops, so the health
 * check may block.
 */
final class ReadinessMetric implements MeterBinder {

	private final ObjectProvider<HealthEndpoint> endpoint;

	ReadinessMetric(ObjectProvider<HealthEndpoint> endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Registers nothing without the health endpoint (as when Actuator's health is off).
	 */
	@Override
	public void bindTo(MeterRegistry registry) {
		HealthEndpoint health = endpoint.getIfAvailable();
		if (health != null) {
			Gauge.builder("staticflux.ready", health, ReadinessMetric::ready)
				.description("1 while the readiness health group is UP, 0 otherwise")
				.register(registry);
		}
	}

	private static double ready(HealthEndpoint health) {
		HealthDescriptor readiness = health.healthForPath("readiness");
		return (readiness != null && Status.UP.equals(readiness.getStatus())) ? 1 : 0;
	}

}

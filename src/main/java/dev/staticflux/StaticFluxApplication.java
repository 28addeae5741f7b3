package dev.staticflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.audit.AuditAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.audit.AuditEventsEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.exchanges.HttpExchangesEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.micrometer.metrics.autoconfigure.task.TaskExecutorMetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ScheduledTasksObservationAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.ReactiveMultipartAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebSessionIdResolverAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.actuate.web.exchanges.WebFluxHttpExchangesAutoConfiguration;

import dev.staticflux.files.FileNameEncoding;

/**
 * staticflux: a static-file web server on Spring Boot WebFlux with its own file engine.
 * <p>
 * The excluded auto-configurations serve application code that staticflux does not have
 * and a packaged server cannot be given (an operator sets properties, not beans), so
 * their configuration classes are not parsed, their conditions not evaluated and their
 * beans not made at each start (docs/PERFORMANCE.md, "Start-up (issue 16)"):
 * <ul>
 * <li>{@code @Async}, {@code @Scheduled} and aspects: none in staticflux (its threads are
 * its own: event loops, file I/O, the statistics log), so no application task executor or
 * scheduler, no executor metrics or scheduled-task observations for them, no auto-proxy
 * creator;</li>
 * <li>multipart request bodies and web sessions: no endpoint reads either;</li>
 * <li>audit events and Actuator's HTTP exchanges: both need a repository bean that only
 * application code provides (staticflux records requests in its access log and statistics
 * instead).</li>
 * </ul>
 * {@code StartupExclusionsTests} fails when staticflux starts to use one of them.
 */
@SpringBootApplication(proxyBeanMethods = false,
		exclude = { AopAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				TaskSchedulingAutoConfiguration.class, TaskExecutorMetricsAutoConfiguration.class,
				ScheduledTasksObservationAutoConfiguration.class, ReactiveMultipartAutoConfiguration.class,
				WebSessionIdResolverAutoConfiguration.class, AuditAutoConfiguration.class,
				AuditEventsEndpointAutoConfiguration.class, HttpExchangesEndpointAutoConfiguration.class,
				WebFluxHttpExchangesAutoConfiguration.class })
@ConfigurationPropertiesScan
public class StaticFluxApplication {

	public static void main(String[] args) {
		FileNameEncoding.preferUtf8();
		exitNormallyOnStopSignals();
		SpringApplication.run(StaticFluxApplication.class, args);
	}

	/**
	 * SIGTERM and SIGINT are how operators and orchestrators stop a server: exit with
	 * status 0 rather than the JVM's 143/130. {@code System.exit} still runs Spring's
	 * shutdown hook, so in-flight responses finish first (graceful shutdown).
	 */
	@SuppressWarnings("removal")
	private static void exitNormallyOnStopSignals() {
		for (String name : new String[] { "TERM", "INT" }) {
			sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> System.exit(0));
		}
	}

}

package dev.staticflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import dev.staticflux.files.FileNameEncoding;

/**
 * staticflux: a static-file web server on Spring Boot WebFlux with its own file engine.
 */
@SpringBootApplication(proxyBeanMethods = false)
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

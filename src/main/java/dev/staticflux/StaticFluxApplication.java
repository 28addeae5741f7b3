package dev.staticflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * staticflux: a static-file web server on Spring Boot WebFlux with its own file engine.
 */
@SpringBootApplication(proxyBeanMethods = false)
@ConfigurationPropertiesScan
public class StaticFluxApplication {

	public static void main(String[] args) {
		SpringApplication.run(StaticFluxApplication.class, args);
	}

}

package dev.staticflux.bench.builtin;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Spring Boot's built-in static handler with its defaults: bench/run.sh starts it with
 * {@code --spring.web.resources.static-locations=file:<fixture>/} as the third column of the table.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class BuiltinStaticApplication {

	public static void main(String[] args) {
		SpringApplication.run(BuiltinStaticApplication.class, args);
	}

}

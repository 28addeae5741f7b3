package dev.staticflux.dashboard;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole server on a random port, with its real statistics, serving {@code www} in a
 * temporary directory (where its access log goes too), with the dashboard sending four
 * samples a second. Each test class gets its own server: the directory is the class's own
 * and is deleted after it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "staticflux.dashboard.interval=250ms" })
@DirtiesContext
abstract class DashboardServerTestSupport {

	@TempDir
	static Path directory;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void directories(DynamicPropertyRegistry registry) {
		registry.add("staticflux.root", () -> directory.resolve("www").toString());
		registry.add("staticflux.access-log.file", () -> directory.resolve("access.log").toString());
	}

	String url(String path) {
		return "http://localhost:" + this.port + path;
	}

}

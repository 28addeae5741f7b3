package dev.staticflux.health;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression: readiness said UP while the served root was missing and every request
 * answered 404. The default root and a virtual host's start missing; each test creates
 * what it needs and removes it again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServedRootsHealthIntegrationTests {

	@TempDir
	static Path workDir;

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	private final HttpClient client = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("staticflux.root", () -> workDir.resolve("www").toString());
		registry.add("staticflux.hosts[0].name", () -> "docs.example");
		registry.add("staticflux.hosts[0].root", () -> workDir.resolve("docs").toString());
		registry.add("staticflux.access-log.file", () -> workDir.resolve("access.log").toString());
		registry.add("management.server.port", () -> "0");
		registry.add("management.endpoint.health.show-components", () -> "always");
	}

	@AfterEach
	void removeRoots() throws IOException {
		FileSystemUtils.deleteRecursively(workDir.resolve("www"));
		FileSystemUtils.deleteRecursively(workDir.resolve("docs"));
	}

	@Test
	void readinessIsDownWhileARootIsMissingAndUpOnceAllAreBack() throws Exception {
		assertThat(health("/readiness").statusCode()).isEqualTo(503);

		Files.createDirectories(workDir.resolve("www"));
		HttpResponse<String> oneMissing = health("/readiness");
		assertThat(oneMissing.statusCode()).isEqualTo(503);
		assertThat(oneMissing.body()).contains("\"default\":{\"status\":\"UP\"",
				"\"docs.example\":{\"status\":\"DOWN\"");

		Files.createDirectories(workDir.resolve("docs"));
		assertThat(health("/readiness").statusCode()).isEqualTo(200);
	}

	@Test
	void readinessIsDownWhileARootIsAFile() throws Exception {
		Files.createDirectories(workDir.resolve("docs"));
		Files.writeString(workDir.resolve("www"), "not a directory");

		assertThat(health("/readiness").statusCode()).isEqualTo(503);
	}

	@Test
	void livenessIsUnaffectedByMissingRoots() throws Exception {
		HttpResponse<String> liveness = health("/liveness");

		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(liveness.body()).doesNotContain("roots");
	}

	private HttpResponse<String> health(String group) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/health" + group))
			.build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

}

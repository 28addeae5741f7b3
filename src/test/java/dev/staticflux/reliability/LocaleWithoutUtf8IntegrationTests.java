package dev.staticflux.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.staticflux.StaticFluxApplication;

import static org.assertj.core.api.Assertions.assertThat;
import dev.staticflux.testsupport.RawHttp;

/**
 * Regression: with no UTF-8 locale (no {@code LANG}, as in many minimal images) the JVM
 * encodes file names as ASCII, and a request for a non-ASCII name answered 500 with a
 * stack trace in the log. The server runs in a JVM of its own with {@code LC_ALL=C}, so
 * that its file-name charset is ASCII.
 */
class LocaleWithoutUtf8IntegrationTests {

	private static final Pattern STARTED = Pattern.compile("Netty started on port (\\d+)");

	@TempDir
	static Path workDir;

	private static Process server;

	private static final List<String> output = new CopyOnWriteArrayList<>();

	private static int port;

	@BeforeAll
	static void startServerWithoutUtf8Locale() throws Exception {
		Path root = Files.createDirectories(workDir.resolve("root"));
		Files.writeString(root.resolve("caf\u00e9.txt"), "accented", StandardCharsets.UTF_8);
		Files.writeString(Files.createDirectories(root.resolve("\u65e5\u672c")).resolve("index.html"), "nihon");
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
						System.getProperty("java.class.path"), StaticFluxApplication.class.getName(), "--server.port=0",
						"--management.server.port=-1", "--staticflux.dashboard.enabled=false",
						"--staticflux.root=" + root, "--staticflux.access-log.file=" + workDir.resolve("access.log")));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		Map<String, String> environment = builder.environment();
		environment.keySet().removeIf(name -> name.startsWith("LC_") || name.equals("LANG") || name.equals("LANGUAGE"));
		environment.put("LC_ALL", "C");
		server = builder.start();
		CompletableFuture<Integer> started = new CompletableFuture<>();
		Thread reader = new Thread(() -> read(started), "locale-test-server-output");
		reader.setDaemon(true);
		reader.start();
		port = started.get(120, TimeUnit.SECONDS);
	}

	private static void read(CompletableFuture<Integer> started) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
			int listening = -1;
			for (String line; (line = lines.readLine()) != null;) {
				output.add(line);
				Matcher matcher = STARTED.matcher(line);
				if (matcher.find()) {
					listening = Integer.parseInt(matcher.group(1));
				}
				// the port is logged before start-up has finished: wait for the
				// application's own line
				if (listening > 0 && line.contains("Started StaticFluxApplication")) {
					started.complete(listening);
				}
			}
			started.completeExceptionally(new IllegalStateException("server exited: " + String.join("\n", output)));
		}
		catch (IOException ex) {
			started.completeExceptionally(ex);
		}
	}

	@AfterAll
	static void stopServer() throws InterruptedException {
		if (server != null) {
			server.destroy();
			if (!server.waitFor(30, TimeUnit.SECONDS)) {
				server.destroyForcibly();
			}
		}
	}

	@Test
	void theServerRanWithAnAsciiLocale() {
		assertThat(output).anySatisfy(line -> assertThat(line).contains("Started StaticFluxApplication"));
	}

	@Test
	void servesAPercentEncodedUtf8Name() throws IOException {
		RawHttp.Response response = new RawHttp(port).exchange(RawHttp.get("/caf%C3%A9.txt")).only();

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.bodyText()).isEqualTo("accented");
	}

	@Test
	void servesTheIndexOfADirectoryWithANonAsciiName() throws IOException {
		RawHttp.Response response = new RawHttp(port).exchange(RawHttp.get("/%E6%97%A5%E6%9C%AC/")).only();

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.bodyText()).isEqualTo("nihon");
	}

	@Test
	void aMissingNonAsciiNameIs404WithoutAStackTrace() throws IOException {
		RawHttp.Response response = new RawHttp(port).exchange(RawHttp.get("/%C3%BC%C3%B1.txt")).only();

		assertThat(response.status()).isEqualTo(404);
		assertThat(output).noneSatisfy(line -> assertThat(line).contains("Exception"));
	}

}

package dev.staticflux.ship;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A one-file site in a directory the test owns, with the access log beside it, so a test
 * never reads {@code ./www} or writes into the repository.
 */
final class TestSite {

	static final String FILE = "hello.txt";

	static final String CONTENT = "hello from staticflux\n";

	private TestSite() {
	}

	static void register(Path directory, DynamicPropertyRegistry registry) throws IOException {
		Path root = Files.createDirectories(directory.resolve("www"));
		Files.writeString(root.resolve(FILE), CONTENT);
		registry.add("staticflux.root", root::toString);
		registry.add("staticflux.access-log.file", () -> directory.resolve("logs/access.log").toString());
		registry.add("management.server.port", () -> "0");
	}

}

package dev.staticflux.reliability;

import java.nio.file.Path;
import java.util.function.Supplier;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The properties every reliability test server shares: its own root and log under a
 * temporary directory.
 */
final class TestRoots {

	private TestRoots() {
	}

	/**
	 * Serves {@code workDir/root}, logs to {@code workDir/access.log}, puts Actuator on a
	 * random port.
	 * @param workDir supplies the test's temporary directory once JUnit has created it
	 */
	static void register(DynamicPropertyRegistry registry, Supplier<Path> workDir) {
		registry.add("staticflux.root", () -> workDir.get().resolve("root").toString());
		registry.add("staticflux.access-log.file", () -> workDir.get().resolve("access.log").toString());
		registry.add("management.server.port", () -> "0");
	}

}

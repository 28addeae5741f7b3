package dev.staticflux.files;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.staticflux.config.StaticFluxProperties.VirtualHost;

import static org.assertj.core.api.Assertions.assertThat;

class HostRootsTests {

	private static final Path DEFAULT = Path.of("/srv/www").toAbsolutePath();

	private static final Path DOCS = Path.of("/srv/docs").toAbsolutePath();

	private final HostRoots roots = new HostRoots(DEFAULT, List.of(new VirtualHost("Docs.Example.com", DOCS)));

	@Test
	void configuredHostGetsItsOwnRoot() {
		assertThat(roots.rootFor("docs.example.com")).isEqualTo(DOCS);
	}

	@Test
	void matchingIgnoresCasePortAndTrailingDot() {
		assertThat(roots.rootFor("DOCS.example.COM:8080")).isEqualTo(DOCS);
		assertThat(roots.rootFor("docs.example.com.")).isEqualTo(DOCS);
	}

	@Test
	void unknownOrMissingHostGetsTheDefaultRoot() {
		assertThat(roots.rootFor("other.example.com")).isEqualTo(DEFAULT);
		assertThat(roots.rootFor(null)).isEqualTo(DEFAULT);
		assertThat(roots.rootFor("")).isEqualTo(DEFAULT);
	}

	@Test
	void ipv6LiteralKeepsItsBracketsAndLosesThePort() {
		assertThat(HostRoots.hostName("[::1]:8080")).isEqualTo("[::1]");
		assertThat(HostRoots.hostName("[::1]")).isEqualTo("[::1]");
	}

	@Test
	void rootsAreAbsoluteAndNormalised() {
		HostRoots relative = new HostRoots(Path.of("www/../www"), List.of());
		assertThat(relative.defaultRoot()).isAbsolute().isEqualTo(Path.of("www").toAbsolutePath());
	}

}

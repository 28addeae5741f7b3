package dev.staticflux.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

@ExtendWith(OutputCaptureExtension.class)
class HealthConfigurationTests {

	@TempDir
	Path base;

	@Test
	void warnsOnceWithTheAbsolutePathOfAMissingRoot(CapturedOutput output) {
		Path missing = base.resolve("www");

		HealthConfiguration.warnAtStart(List.of(new ServedRoot("default", missing)), true);

		assertThat(output.getOut().lines().filter(line -> line.contains("WARN"))).singleElement()
			.asString()
			.contains("Served root " + missing.toAbsolutePath() + " (default) is missing");
	}

	@Test
	void saysNothingAboutRootsThatCanBeServed(CapturedOutput output) throws IOException {
		HealthConfiguration
			.warnAtStart(List.of(new ServedRoot("default", Files.createDirectories(base.resolve("www")))), true);

		assertThat(output.getOut()).doesNotContain("WARN");
	}

	@Test
	void warnsWhenNonAsciiFileNamesCannotBeServed(CapturedOutput output) {
		HealthConfiguration.warnAtStart(List.of(), false);

		assertThat(output.getOut()).contains("WARN", "non-ASCII names answer 404", "LANG=C.UTF-8");
	}

	@Test
	void aRootIsReadableDirectoryOrItsProblemIsNamed() throws IOException {
		Path file = Files.writeString(base.resolve("file"), "x");

		assertThat(new ServedRoot("a", base).problem()).isNull();
		assertThat(new ServedRoot("a", base.resolve("missing")).problem()).isEqualTo("missing");
		assertThat(new ServedRoot("a", file).problem()).isEqualTo("not a directory");
	}

	@Test
	void aRootThatCannotBeListedIsNotReadable() throws IOException {
		assumeThat(System.getProperty("user.name")).as("root reads any directory").isNotEqualTo("root");
		Path locked = Files.createDirectories(base.resolve("locked"));
		Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));

		assertThat(new ServedRoot("a", locked).problem()).isEqualTo("not readable");
	}

}

package dev.staticflux.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.staticflux.StaticFluxApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

@ExtendWith(OutputCaptureExtension.class)
class UnknownPropertyFailureAnalyzerTests {

	private final UnknownPropertyFailureAnalyzer analyzer = new UnknownPropertyFailureAnalyzer();

	/**
	 * Regression: a mistyped key was silently ignored and the server started with the
	 * default.
	 */
	@Test
	void aMistypedKeyStopsStartUpNamingItAndTheKeyMeant(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(StaticFluxApplication.class).run("--server.port=0",
					"--management.server.port=0", "--staticflux.access-log.enabled=false",
					"--staticflux.stats.log-interval=0", "--staticflux.cach.max-size=2MB"));

		assertThat(output).contains("Unknown configuration key 'staticflux.cach.max-size'",
				"did you mean 'staticflux.cache.max-size'?");
	}

	@Test
	void suggestsTheNearestKnownKey() {
		assertThat(analyzer.closest("staticflux.cache.maxsize")).isEqualTo("staticflux.cache.max-size");
		assertThat(analyzer.closest("staticflux.acess-log.format")).isEqualTo("staticflux.access-log.format");
		assertThat(analyzer.closest("staticflux.timeout.idle")).isEqualTo("staticflux.timeouts.idle");
	}

	@Test
	void keepsTheIndexOfAListElement() {
		assertThat(analyzer.closest("staticflux.hosts[2].rot")).isEqualTo("staticflux.hosts[2].root");
		assertThat(analyzer.closest("staticflux.cache-control[0].patern"))
			.isEqualTo("staticflux.cache-control[0].pattern");
	}

	@Test
	void suggestsNothingForAKeyFarFromEveryKnownOne() {
		assertThat(analyzer.closest("staticflux.compression.level")).isNull();
	}

	@Test
	void countsEditsBetweenKeys() {
		assertThat(UnknownPropertyFailureAnalyzer.distance("cach", "cache")).isEqualTo(1);
		assertThat(UnknownPropertyFailureAnalyzer.distance("kitten", "sitting")).isEqualTo(3);
		assertThat(UnknownPropertyFailureAnalyzer.distance("", "abc")).isEqualTo(3);
	}

}

package dev.staticflux.compression;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import dev.staticflux.config.StaticFluxProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CompressionPropertiesTests {

	@Test
	void defaultsToZstdBrotliAndGzipFromOneKilobyte() {
		StaticFluxProperties.Compression compression = defaults();

		assertThat(compression.enabled()).isTrue();
		assertThat(compression.codings()).containsExactly("zstd", "br", "gzip");
		assertThat(compression.minSize()).isEqualTo(DataSize.ofKilobytes(1));
		assertThat(compression.types()).contains("text/*", "application/javascript", "application/json",
				"image/svg+xml", "application/wasm", "font/ttf", "font/otf", "image/x-icon");
		assertThat(compression.levels()).isEqualTo(new StaticFluxProperties.Levels(6, 6, 9));
	}

	@Test
	void looksForZstdVariantsBesideBrotliAndGzipByDefault() {
		assertThat(bind(Map.of()).precompressed()).containsExactly("br", "zstd", "gzip");
		assertThat(bind(Map.of("staticflux.precompressed", "ZSTD")).precompressed()).containsExactly("zstd");
	}

	@Test
	void bindsCodingsInTheGivenOrderAndLowerCase() {
		StaticFluxProperties.Compression compression = bind(
				Map.of("staticflux.compression.codings", "GZIP, br, gzip", "staticflux.compression.levels.br", "11"))
			.compression();

		assertThat(compression.codings()).containsExactly("gzip", "br");
		assertThat(compression.levels().br()).isEqualTo(11);
	}

	@Test
	void rejectsAnUnknownCodingNamingTheKey() {
		assertRejected(Map.of("staticflux.compression.codings", "deflate"),
				"staticflux.compression.codings: 'deflate' (expected: zstd, br or gzip)");
		assertRejected(Map.of("staticflux.precompressed", "lzma"),
				"staticflux.precompressed: 'lzma' (expected: br, zstd or gzip)");
	}

	@Test
	void rejectsLevelsOutOfRangeNamingTheKey() {
		assertRejected(Map.of("staticflux.compression.levels.gzip", "0"),
				"staticflux.compression.levels.gzip: 0 (expected: 1 to 9)");
		assertRejected(Map.of("staticflux.compression.levels.br", "12"),
				"staticflux.compression.levels.br: 12 (expected: 0 to 11)");
		assertRejected(Map.of("staticflux.compression.levels.zstd", "20"),
				"staticflux.compression.levels.zstd: 20 (expected: 1 to 19)");
	}

	@Test
	void rejectsANegativeMinimumSizeNamingTheKey() {
		assertRejected(Map.of("staticflux.compression.min-size", "-1B"),
				"staticflux.compression.min-size: -1B (expected: >= 0)");
	}

	static StaticFluxProperties.Compression defaults() {
		return bind(Map.of()).compression();
	}

	private static StaticFluxProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("staticflux",
				Bindable.of(StaticFluxProperties.class));
	}

	private static void assertRejected(Map<String, String> properties, String message) {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(properties))
			.havingRootCause()
			.withMessage(message);
	}

}

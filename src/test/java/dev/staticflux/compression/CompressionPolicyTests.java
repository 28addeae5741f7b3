package dev.staticflux.compression;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.staticflux.config.StaticFluxProperties;
import dev.staticflux.files.MediaTypes;

import static dev.staticflux.files.ContentCoding.BR;
import static dev.staticflux.files.ContentCoding.GZIP;
import static dev.staticflux.files.ContentCoding.ZSTD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CompressionPolicyTests {

	private static final long KB = 1024;

	/**
	 * The policy of the default configuration, with the default 1 MB bound of the cache's
	 * bodies.
	 */
	private final CompressionPolicy defaults = new CompressionPolicy(List.of(ZSTD, BR, GZIP),
			CompressionPropertiesTests.defaults().types(), KB, 1024 * KB);

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "app.js", "app.mjs", "site.css", "index.html", "data.json", "app.js.map", "feed.rss",
			"feed.atom", "site.webmanifest", "logo.svg", "module.wasm", "font.ttf", "font.otf", "favicon.ico",
			"notes.txt", "readme.md", "sitemap.xml", "schema.jsonld", "table.csv", "config.yaml" })
	void compressesTextAndOtherCompressibleTypesByDefault(String fileName) {
		assertThat(defaults.codingsFor(MediaTypes.builtIn().typeOf(fileName), 10 * KB)).containsExactly(ZSTD, BR, GZIP);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "photo.jpg", "photo.png", "anim.gif", "photo.webp", "photo.avif", "font.woff",
			"font.woff2", "clip.mp4", "clip.webm", "song.mp3", "song.ogg", "archive.zip", "archive.gz", "app.js.br",
			"archive.7z", "unknown.bin", "paper.pdf" })
	void sendsAlreadyCompressedAndUnknownTypesAsTheyAre(String fileName) {
		assertThat(defaults.codingsFor(MediaTypes.builtIn().typeOf(fileName), 10 * KB)).isEmpty();
	}

	@Test
	void compressesFromTheMinimumSizeToTheLargestBodyInMemory() {
		String css = MediaTypes.builtIn().typeOf("a.css");

		assertThat(defaults.compressible(css, KB - 1)).isFalse();
		assertThat(defaults.compressible(css, KB)).isTrue();
		assertThat(defaults.compressible(css, 1024 * KB)).isTrue();
		assertThat(defaults.compressible(css, 1024 * KB + 1)).isFalse();
	}

	@Test
	void neverCompressesAnAlreadyCompressedTypeEvenUnderAWildcardRange() {
		CompressionPolicy images = new CompressionPolicy(List.of(GZIP), List.of("image/*"), 0, Long.MAX_VALUE);

		assertThat(images.compressible("image/svg+xml", 10 * KB)).isTrue();
		assertThat(images.compressible("image/bmp", 10 * KB)).isTrue();
		assertThat(images.compressible("image/png", 10 * KB)).isFalse();
		assertThat(images.compressible("image/jpeg", 10 * KB)).isFalse();
	}

	@Test
	void matchesMediaTypesWithoutParametersOrCase() {
		CompressionPolicy policy = new CompressionPolicy(List.of(GZIP), List.of("Application/*+JSON", "text/css"), 0,
				Long.MAX_VALUE);

		assertThat(policy.compressible("application/ld+json; charset=utf-8", 10)).isTrue();
		assertThat(policy.compressible("TEXT/CSS;charset=utf-8", 10)).isTrue();
		assertThat(policy.compressible("application/json", 10)).isFalse();
		assertThat(policy.compressible("text/cssx", 10)).isFalse();
	}

	@Test
	void compressesNothingWhenOff() {
		assertThat(CompressionPolicy.OFF.codingsFor("text/html", 10 * KB)).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "text", "text/", "/html", "*/*", "text/ht ml", "text/*+", "text/a*b", "te,xt/html" })
	void rejectsWhatIsNotAMediaRange(String range) {
		assertThat(CompressionPolicy.validRange(range)).isFalse();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CompressionPolicy(List.of(GZIP), List.of(range), 0, 1))
			.withMessage(
					"staticflux.compression.types: '" + range + "' (expected: type/subtype, type/* or type/*+suffix)");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "image/png", "IMAGE/JPEG", "video/*", "font/woff2", "application/zip" })
	void rejectsATypeCompressedAlreadyNamingTheKey(String type) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CompressionPolicy(List.of(GZIP), List.of("text/*", type), 0, 1))
			.withMessage(
					"staticflux.compression.types: '" + type + "' (expected: a type that is not compressed already)");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "text/html", "text/*", "application/*+xml", "image/svg+xml", "application/vnd.api+json" })
	void acceptsMediaRanges(String range) {
		assertThat(CompressionPolicy.validRange(range)).isTrue();
	}

	@Test
	void defaultTypesAreNotCompressedAlready() {
		StaticFluxProperties.Compression compression = CompressionPropertiesTests.defaults();

		assertThat(compression.types()).noneMatch(CompressionPolicy::alreadyCompressed);
	}

}

package dev.staticflux.files;

import java.nio.file.Path;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random raw paths, built from the pieces traversal attacks use, never make
 * {@link RequestPath#parse} throw and never yield a usable path that leaves the root once
 * joined and normalised.
 */
class RequestPathPropertyTests {

	private static final Path ROOT = Path.of("/srv/www");

	private static final List<String> PIECES = List.of("/", "//", ".", "..", "...", "%2e", "%2E", "%2e%2e", "%2f",
			"%2F", "%5c", "%5C", "\\", "%00", "%0a", "%7f", "%25", "%252e", "%c0%ae", "%c0%af", "%e0%80%ae", "%ff", "%",
			"%2", "%C3%A9", "é", "a", "b.txt", "etc", "passwd", ".env", ".well-known", "~", ":", ";", "?", "#", " ",
			"%20");

	@Provide
	Arbitrary<String> attackPaths() {
		Arbitrary<String> pieces = Arbitraries.of(PIECES).list().ofMaxSize(16).map(list -> String.join("", list));
		Arbitrary<String> anyText = Arbitraries.strings().all().ofMaxLength(40);
		return Arbitraries.oneOf(pieces.map(p -> "/" + p), pieces, anyText.map(s -> "/" + s), anyText);
	}

	@Property(tries = 3000)
	void usablePathNeverEscapesTheRoot(@ForAll("attackPaths") String raw) {
		RequestPath path = RequestPath.parse(raw);

		assertThat(path).isNotNull();
		if (path.outcome() != RequestPath.Outcome.BAD_REQUEST) {
			Path resolved = ROOT.resolve(path.relative()).normalize();
			assertThat(resolved).startsWithRaw(ROOT);
			assertThat(path.relative()).doesNotContain("\\", "\0").doesNotStartWith("/");
		}
	}

	@Property(tries = 500)
	void badRequestPathsCarryNoRelativePath(@ForAll("attackPaths") String raw) {
		RequestPath path = RequestPath.parse(raw);

		if (path.outcome() == RequestPath.Outcome.BAD_REQUEST) {
			assertThat(path.relative()).isEmpty();
		}
	}

}

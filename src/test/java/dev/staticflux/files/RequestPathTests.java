package dev.staticflux.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.staticflux.files.RequestPath.Outcome;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPathTests {

	@Test
	void rootIsEmptyRelativePathWithTrailingSlash() {
		assertThat(RequestPath.parse("/")).isEqualTo(new RequestPath(Outcome.OK, "", true));
	}

	@Test
	void plainPathKeepsSegmentsAndNoTrailingSlash() {
		assertThat(RequestPath.parse("/docs/guide.html"))
			.isEqualTo(new RequestPath(Outcome.OK, "docs/guide.html", false));
	}

	@Test
	void directoryPathRemembersTrailingSlash() {
		assertThat(RequestPath.parse("/docs/")).isEqualTo(new RequestPath(Outcome.OK, "docs", true));
	}

	@Test
	void decodesPercentEscapesAndUtf8() {
		assertThat(RequestPath.parse("/my%20file%C3%A9.txt").relative()).isEqualTo("my fileé.txt");
	}

	@Test
	void decodesOnlyOnceSoDoubleEncodedDotsAreALiteralName() {
		RequestPath path = RequestPath.parse("/%252e%252e/secret");
		assertThat(path.outcome()).isEqualTo(Outcome.OK);
		assertThat(path.relative()).isEqualTo("%2e%2e/secret");
	}

	@Test
	void collapsesEmptySegments() {
		assertThat(RequestPath.parse("//a///b//")).isEqualTo(new RequestPath(Outcome.OK, "a/b", true));
	}

	@Test
	void absoluteLookingPathStaysBelowTheRoot() {
		assertThat(RequestPath.parse("//etc/passwd").relative()).isEqualTo("etc/passwd");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/..", "/../etc/passwd", "/a/../../b", "/a/..", "/.", "/./a", "/a/./b", "/%2e%2e/x",
			"/%2E%2E/x", "/.%2e/x", "/%2e./x", "/%2e", "/a%2Fb", "/a%2fb", "/..%2f..%2fetc", "/a%5Cb", "/a%5cb",
			"/..%5c..%5cetc", "/a\\b", "/..\\..\\etc", "/a%00b", "/a%00.html", "/a%01", "/a%1f", "/a%7f", "/a%0d%0a",
			"/%c0%ae%c0%ae/etc", "/%c0%af", "/%ff", "/%e2%82", "/%ed%a0%80", "/%", "/%2", "/%zz", "/a%2", "relative",
			"", "*" })
	void rejectsDangerousOrMalformedPaths(String raw) {
		assertThat(RequestPath.parse(raw).outcome()).isEqualTo(Outcome.BAD_REQUEST);
	}

	@Test
	void rejectsNull() {
		assertThat(RequestPath.parse(null).outcome()).isEqualTo(Outcome.BAD_REQUEST);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/.env", "/.git/config", "/sub/.hidden", "/a/.b/c.txt", "/%2egit/config",
			"/sub/.well-known/x", "/...", "/..a" })
	void marksHiddenSegments(String raw) {
		assertThat(RequestPath.parse(raw).outcome()).isEqualTo(Outcome.HIDDEN);
	}

	@Test
	void wellKnownAtTheTopIsNotHidden() {
		RequestPath path = RequestPath.parse("/.well-known/security.txt");
		assertThat(path.outcome()).isEqualTo(Outcome.OK);
		assertThat(path.relative()).isEqualTo(".well-known/security.txt");
	}

	@Test
	void hiddenFileBelowWellKnownIsStillHidden() {
		assertThat(RequestPath.parse("/.well-known/.secret").outcome()).isEqualTo(Outcome.HIDDEN);
	}

	@Test
	void dotInsideANameIsNotHidden() {
		assertThat(RequestPath.parse("/app.min.js").outcome()).isEqualTo(Outcome.OK);
	}

	@Test
	void acceptsAstralCharactersAsUtf8() {
		assertThat(RequestPath.parse("/%F0%9F%98%80.txt").relative()).isEqualTo("\uD83D\uDE00.txt");
	}

}

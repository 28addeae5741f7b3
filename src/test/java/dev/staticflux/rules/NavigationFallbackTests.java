package dev.staticflux.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.staticflux.files.RequestPath;
import dev.staticflux.files.Resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NavigationFallbackTests {

	private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	@TempDir
	Path base;

	private Path root;

	private NavigationFallback fallback;

	@BeforeEach
	void createSite() throws IOException {
		root = Files.createDirectories(base.resolve("www"));
		Files.writeString(root.resolve("index.html"), "app");
		fallback = NavigationFallback.of("/index.html", root, false, "staticflux.fallback");
	}

	@Test
	void browserNavigationToAMissingPathGetsTheFallback() {
		assertThat(
				fallback.appliesTo(true, RequestPath.parse("/app/settings"), false, Resolution.Kind.NOT_FOUND, BROWSER))
			.isTrue();
		assertThat(fallback.file().relative()).isEqualTo("index.html");
	}

	@ParameterizedTest
	@ValueSource(strings = { "*/*", "image/avif,image/webp,*/*", "text/css,*/*;q=0.1", "application/json",
			"text/html;q=0", "text/html; q=0.000", "text/htmlx" })
	void requestThatDoesNotAcceptHtmlKeepsIts404(String accept) {
		assertThat(fallback.appliesTo(true, RequestPath.parse("/missing.js"), false, Resolution.Kind.NOT_FOUND, accept))
			.isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "text/html", "TEXT/HTML", " text/html ;q=0.5", "*/*, text/html;level=1;q=0.1" })
	void htmlWithAnyPositiveQualityIsANavigation(String accept) {
		assertThat(NavigationFallback.acceptsHtml(accept)).isTrue();
	}

	@Test
	void missingAcceptIsNoNavigation() {
		assertThat(NavigationFallback.acceptsHtml(null)).isFalse();
	}

	@Test
	void onlyGetAndHeadGetTheFallback() {
		assertThat(fallback.appliesTo(false, RequestPath.parse("/a"), false, Resolution.Kind.NOT_FOUND, BROWSER))
			.isFalse();
	}

	@ParameterizedTest
	@EnumSource(value = Resolution.Kind.class, names = "NOT_FOUND", mode = EnumSource.Mode.EXCLUDE)
	void onlyAPathThatResolvesToNothingGetsTheFallback(Resolution.Kind found) {
		assertThat(fallback.appliesTo(true, RequestPath.parse("/a"), false, found, BROWSER)).isFalse();
	}

	@Test
	void dotFilesKeepTheir404UnlessHiddenFilesAreAllowed() {
		RequestPath hidden = RequestPath.parse("/.env");

		assertThat(fallback.appliesTo(true, hidden, false, Resolution.Kind.NOT_FOUND, BROWSER)).isFalse();
		assertThat(fallback.appliesTo(true, hidden, true, Resolution.Kind.NOT_FOUND, BROWSER)).isTrue();
	}

	@Test
	void malformedPathsNeverGetTheFallback() {
		RequestPath traversal = RequestPath.parse("/a/%2e%2e/%2e%2e/etc/passwd");

		assertThat(traversal.outcome()).isEqualTo(RequestPath.Outcome.BAD_REQUEST);
		assertThat(fallback.appliesTo(true, traversal, true, Resolution.Kind.NOT_FOUND, BROWSER)).isFalse();
	}

	@Test
	void pathThroughALinkOutOfTheRootIsBlocked() throws IOException {
		Path outside = Files.createDirectories(base.resolve("outside"));
		Files.createSymbolicLink(root.resolve("out"), outside);

		assertThat(fallback.blockedByLink(root, RequestPath.parse("/out/missing"))).isTrue();
		assertThat(fallback.blockedByLink(root, RequestPath.parse("/out"))).isTrue();
		assertThat(
				NavigationFallback.of("/index.html", root, true, "k").blockedByLink(root, RequestPath.parse("/out/x")))
			.isFalse();
	}

	@Test
	void danglingLinkIsBlocked() throws IOException {
		Files.createSymbolicLink(root.resolve("dangling"), base.resolve("nowhere"));

		assertThat(fallback.blockedByLink(root, RequestPath.parse("/dangling/x"))).isTrue();
	}

	@Test
	void missingPathsAndLinksInsideTheRootAreNotBlocked() throws IOException {
		Files.createDirectories(root.resolve("real"));
		Files.createSymbolicLink(root.resolve("alias"), root.resolve("real"));

		assertThat(fallback.blockedByLink(root, RequestPath.parse("/app/route/deep"))).isFalse();
		assertThat(fallback.blockedByLink(root, RequestPath.parse("/alias/route"))).isFalse();
		assertThat(fallback.blockedByLink(root, RequestPath.parse("/"))).isFalse();
	}

	@Test
	void noFallbackConfiguredIsNone() {
		assertThat(NavigationFallback.of(null, root, false, "staticflux.fallback")).isNull();
	}

	@Test
	void fallbackThatIsALinkOutOfTheRootIsRejectedNamingTheKey() throws IOException {
		Path outside = Files.createDirectories(base.resolve("outside"));
		Files.writeString(outside.resolve("secret.html"), "secret");
		Files.createSymbolicLink(root.resolve("shell.html"), outside.resolve("secret.html"));

		assertThatIllegalArgumentException()
			.isThrownBy(() -> NavigationFallback.of("/shell.html", root, false, "staticflux.hosts[0].fallback"))
			.withMessageStartingWith("staticflux.hosts[0].fallback: '/shell.html' is a link out of the root");
	}

	@Test
	void fallbackMissingAtStartUpIsAllowed() {
		assertThat(NavigationFallback.of("/later.html", root, false, "staticflux.fallback")).isNotNull();
	}

}

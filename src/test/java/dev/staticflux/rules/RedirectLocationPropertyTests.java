package dev.staticflux.rules;

import java.net.URI;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.staticflux.config.StaticFluxProperties.RedirectRule;
import dev.staticflux.files.RequestPath;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For random request paths, built from the pieces open-redirect and traversal attacks
 * use, a redirect rule never yields a {@code Location} on another host unless the rule
 * names that host: a local rule's location is a path reference (RFC 3986 §4.2: one
 * leading {@code /}, no scheme, no authority) with nothing a browser would read as a
 * separator of its own ({@code \}, controls, spaces); an absolute rule's location keeps
 * the rule's scheme and host.
 */
class RedirectLocationPropertyTests {

	private static final List<String> PIECES = List.of("/", "//", "///", "\\", "%5c", "%5C", "%2f", "%2F", "%252f",
			"evil.example", "@evil.example", ":", "%3a", "http:", "https:", "javascript:alert(1)", "%0d%0a", "%09",
			"%00", "?", "#", "%3f", "%23", ";", "%3b", "%20", " ", "%", "%zz", ".", "..", "%2e", "%c0%ae", "é",
			"%C3%A9", "~", "a", "b", "index.html", "www.example.com.evil", "[::1]", "%5B", "&", "=", "+");

	private static final List<String> LOCAL_TARGETS = List.of("/{rest}", "/{*rest}", "/new{rest}", "/{first}",
			"/{first}{rest}", "/x/{first}/y", "/search?q={rest}", "/a#{rest}", "/{first}?p={first}");

	private static final List<String> ABSOLUTE_TARGETS = List.of("https://www.example.com{rest}",
			"https://www.example.com/{first}{rest}", "http://example.org:8080/x?to={rest}",
			"https://a.example/#{rest}");

	@Provide
	Arbitrary<String> requestPaths() {
		Arbitrary<String> pieces = Arbitraries.of(PIECES).list().ofMaxSize(12).map(list -> String.join("", list));
		Arbitrary<String> anyText = Arbitraries.strings().all().ofMaxLength(30);
		return Arbitraries.oneOf(pieces, anyText).map(rest -> "/" + rest);
	}

	@Provide
	Arbitrary<String> queries() {
		Arbitrary<String> pieces = Arbitraries.of(PIECES).list().ofMaxSize(6).map(list -> String.join("", list));
		return Arbitraries.oneOf(Arbitraries.just(null), pieces);
	}

	@Property(tries = 3000)
	void localRuleNeverLeadsToAnotherHost(@ForAll("requestPaths") String rawPath, @ForAll("queries") String query) {
		for (String to : LOCAL_TARGETS) {
			Redirect redirect = redirectFor(to, rawPath, query);
			if (redirect == null) {
				continue;
			}
			String location = redirect.location();
			assertThat(location).startsWith("/").doesNotStartWith("//");
			assertThat(location.chars()).noneMatch(c -> c <= 0x20 || c >= 0x7f || c == '\\');
			URI uri = URI.create(location);
			assertThat(uri.getScheme()).isNull();
			assertThat(uri.getRawAuthority()).isNull();
		}
	}

	@Property(tries = 2000)
	void absoluteRuleKeepsItsOwnHost(@ForAll("requestPaths") String rawPath, @ForAll("queries") String query) {
		for (String to : ABSOLUTE_TARGETS) {
			Redirect redirect = redirectFor(to, rawPath, query);
			if (redirect == null) {
				continue;
			}
			assertThat(redirect.location().chars()).noneMatch(c -> c <= 0x20 || c >= 0x7f || c == '\\');
			URI rule = URI.create(to.substring(0, to.indexOf('{')));
			URI location = URI.create(redirect.location());
			assertThat(location.getScheme()).isEqualTo(rule.getScheme());
			assertThat(location.getRawAuthority()).isEqualTo(rule.getRawAuthority());
		}
	}

	/**
	 * The redirect of a rule from {@code /{first}/{*rest}} (or {@code /{*rest}} when
	 * {@code to} uses only rest).
	 */
	private static Redirect redirectFor(String to, String rawPath, String query) {
		String from = to.contains("{first}") ? "/{first}/{*rest}" : "/{*rest}";
		RequestPath path = RequestPath.parse(rawPath);
		if (path.outcome() == RequestPath.Outcome.BAD_REQUEST) {
			return null;
		}
		return RedirectRules.of(List.of(new RedirectRule(from, to, 301)), "staticflux.redirects").find(path, query);
	}

}

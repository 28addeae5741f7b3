package dev.staticflux.http;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.context.TestPropertySource;

import dev.staticflux.testsupport.RawHttp;
import dev.staticflux.testsupport.TestSite;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traversal and hidden-file attempts, sent over a raw socket so that no client normalises
 * them, for GET and HEAD: each is answered 400 or 404 and no response carries a byte of
 * the secret that sits beside the root (reachable by {@code ../outside/secret.txt} or
 * through the symlinks {@code link-out.txt} and {@code link-dir}).
 */
@TestPropertySource(properties = { "staticflux.hidden-files=deny", "staticflux.follow-symlinks=false" })
class TraversalIntegrationTests extends FileEngineContract {

	static final List<String> ATTEMPTS = List.of("/../outside/secret.txt", "/../../../../../../etc/passwd",
			"/sub/../../outside/secret.txt", "/%2e%2e/outside/secret.txt", "/%2E%2E/outside/secret.txt",
			"/.%2e/outside/secret.txt", "/%2e./outside/secret.txt", "/..%2foutside%2fsecret.txt",
			"/%2e%2e%2f%2e%2e%2foutside%2fsecret.txt", "/docs/..%2f..%2foutside/secret.txt",
			"/%252e%252e/outside/secret.txt", "/%252e%252e%252foutside%252fsecret.txt", "/..\\outside\\secret.txt",
			"/sub\\..\\..\\outside/secret.txt", "/..%5coutside%5csecret.txt", "/sub/%5c..%5c..%5coutside/secret.txt",
			"/..%5c/outside/secret.txt", "/text.txt%00.html", "/..%00/outside/secret.txt",
			"/%c0%ae%c0%ae/outside/secret.txt", "/%c0%ae%c0%ae%c0%afoutside%c0%afsecret.txt",
			"/%e0%80%ae%e0%80%ae/outside/secret.txt", "/..;/outside/secret.txt", "/.env", "/%2eenv", "/./.env",
			"/.git/config", "/.git%2fconfig", "/sub/.hidden", "/sub/%2ehidden", "/.well-known/../.env",
			"/.well-known/../../outside/secret.txt", "/link-out.txt", "/link-dir/secret.txt", "/link-dir/", "/link-dir",
			"//etc/passwd", "///etc/passwd", "//outside/secret.txt", "/outside/secret.txt");

	static Stream<Arguments> attempts() {
		return Stream.of("GET", "HEAD")
			.flatMap(method -> ATTEMPTS.stream().map(target -> Arguments.of(method, target)));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("attempts")
	void attemptIsRefusedWithoutLeakingTheSecret(String method, String target) throws Exception {
		RawHttp.Response response = RawHttp.exchange(port, method, target);

		assertThat(response.status()).isIn(400, 404);
		assertThat(response.bodyText()).doesNotContain(TestSite.SECRET_MARKER, "root:x:0:0");
		assertThat(response.headers().toString()).doesNotContain(TestSite.SECRET_MARKER, base.toString());
		if (method.equals("HEAD")) {
			assertThat(response.body()).isEmpty();
		}
	}

	@Test
	void thereAreAtLeast25Attempts() {
		assertThat(ATTEMPTS).hasSizeGreaterThanOrEqualTo(25).doesNotHaveDuplicates();
	}

	@Test
	void wellKnownIsAllowed() throws Exception {
		RawHttp.Response response = RawHttp.exchange(port, "GET", "/.well-known/security.txt");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.bodyText()).startsWith("Contact:");
	}

	@Test
	void hiddenFilesAreNotFoundRatherThanForbidden() throws Exception {
		assertThat(RawHttp.exchange(port, "GET", "/.env").status()).isEqualTo(404);
	}

}

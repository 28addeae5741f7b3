package dev.staticflux.http;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import dev.staticflux.testsupport.RawHttp;
import dev.staticflux.testsupport.TestSite;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code staticflux.follow-symlinks=true} a link leaving the root is served: the
 * operator opted in. This also proves that the secret {@link TraversalIntegrationTests}
 * looks for is really reachable through those links.
 */
@TestPropertySource(properties = "staticflux.follow-symlinks=true")
class SymlinkIntegrationTests extends FileEngineContract {

	@Test
	void linkToAFileOutsideTheRootIsServed() throws Exception {
		RawHttp.Response response = RawHttp.exchange(port, "GET", "/link-out.txt");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.bodyText()).isEqualTo(TestSite.SECRET_MARKER);
	}

	@Test
	void linkToADirectoryOutsideTheRootIsServed() throws Exception {
		assertThat(RawHttp.exchange(port, "GET", "/link-dir/secret.txt").bodyText()).isEqualTo(TestSite.SECRET_MARKER);
	}

	@Test
	void dotDotStillCannotLeaveTheRoot() throws Exception {
		RawHttp.Response response = RawHttp.exchange(port, "GET", "/../outside/secret.txt");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.bodyText()).doesNotContain(TestSite.SECRET_MARKER);
	}

}

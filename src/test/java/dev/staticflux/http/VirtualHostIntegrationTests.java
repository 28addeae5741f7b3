package dev.staticflux.http;

import java.io.IOException;
import java.nio.file.Files;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.staticflux.testsupport.RawHttp;
import dev.staticflux.testsupport.TestSite;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Virtual hosts: a configured Host is served from its own root, any other Host from the
 * default root.
 */
class VirtualHostIntegrationTests extends FileEngineContract {

	@BeforeAll
	static void createHostRoot() throws IOException {
		TestSite.write(base.resolve("a-site/index.html"), "site a home");
		TestSite.write(base.resolve("a-site/only-a.txt"), "only on a");
		TestSite.write(base.resolve("a-site/text.txt"), "a's text");
	}

	@DynamicPropertySource
	static void hostProperties(DynamicPropertyRegistry registry) {
		registry.add("staticflux.hosts[0].name", () -> "a.test");
		registry.add("staticflux.hosts[0].root", () -> base.resolve("a-site").toString());
	}

	@Test
	void configuredHostGetsItsOwnFiles() throws Exception {
		assertThat(RawHttp.exchange(port, "GET", "/text.txt", "Host: a.test").bodyText()).isEqualTo("a's text");
		assertThat(RawHttp.exchange(port, "GET", "/", "Host: a.test").bodyText()).isEqualTo("site a home");
		assertThat(RawHttp.exchange(port, "GET", "/only-a.txt", "Host: A.Test:" + port).bodyText())
			.isEqualTo("only on a");
	}

	@Test
	void unknownHostGetsTheDefaultRoot() throws Exception {
		assertThat(RawHttp.exchange(port, "GET", "/text.txt", "Host: b.test").bodyText()).isEqualTo(TestSite.TEXT);
		assertThat(RawHttp.exchange(port, "GET", "/only-a.txt", "Host: b.test").status()).isEqualTo(404);
	}

	@Test
	void configuredHostDoesNotSeeTheDefaultRoot() throws Exception {
		RawHttp.Response response = RawHttp.exchange(port, "GET", "/index.html", "Host: a.test");

		assertThat(response.bodyText()).isEqualTo("site a home");
		assertThat(RawHttp.exchange(port, "GET", "/docs/", "Host: a.test").status()).isEqualTo(404);
	}

	@Test
	void hostWithoutItsOwnErrorPageGetsTheBuiltInOne() throws Exception {
		RawHttp.Response response = RawHttp.exchange(port, "GET", "/missing", "Host: a.test");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.bodyText()).contains("404").doesNotContain(TestSite.CUSTOM_404);
	}

}

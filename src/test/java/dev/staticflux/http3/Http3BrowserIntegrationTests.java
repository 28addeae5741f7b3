package dev.staticflux.http3;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.staticflux.ship.SelfSignedKeyStore;
import dev.staticflux.testsupport.HeadlessChromium;
import dev.staticflux.testsupport.TestSite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real browser speaks HTTP/3 to the server: headless Chromium with QUIC forced to the
 * test origin (Chromium refuses QUIC to an IP literal, hence {@code localhost}) and the
 * test certificate trusted through the SHA-256 of its public key, as
 * {@code --ignore-certificate-errors-spki-list} takes it. Skipped where Chromium is
 * missing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "staticflux.http3.enabled=true", "server.http2.enabled=true" })
class Http3BrowserIntegrationTests {

	@TempDir
	static Path directory;

	static SelfSignedKeyStore keyStore;

	@LocalServerPort
	int port;

	private ChromeDriver browser;

	@DynamicPropertySource
	static void serverProperties(DynamicPropertyRegistry registry) throws Exception {
		keyStore = SelfSignedKeyStore.generate(directory);
		keyStore.registerAsServerBundle(registry);
		int port = Http3Clients.freeTcpAndUdpPort();
		registry.add("server.port", () -> port);
		TestSite.register(registry, directory, TestSite.create(directory));
	}

	@BeforeEach
	void startBrowser() throws Exception {
		String spki = Base64.getEncoder()
			.encodeToString(
					MessageDigest.getInstance("SHA-256").digest(keyStore.certificate().getPublicKey().getEncoded()));
		this.browser = HeadlessChromium.start("the HTTP/3 browser test", directory, "--enable-quic",
				"--origin-to-force-quic-on=localhost:" + port, "--ignore-certificate-errors-spki-list=" + spki);
	}

	@AfterEach
	void quitBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void chromiumLoadsTheSiteOverHttp3() {
		this.browser.get("https://localhost:" + port + "/");

		await().atMost(Duration.ofSeconds(30)).until(() -> this.browser.getPageSource().contains("home"));
		Object protocol = this.browser
			.executeScript("return performance.getEntriesByType('navigation')[0].nextHopProtocol;");
		assertThat(protocol).isEqualTo("h3");
	}

}

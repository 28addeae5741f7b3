package dev.staticflux.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TlsImplementationTests {

	@Test
	void namesOpenSslAndItsVersionWhenItLoads() {
		assertThat(TlsImplementation.describe(true, true, true, "BoringSSL", null))
			.isEqualTo("TLS OpenSSL (BoringSSL)");
		assertThat(TlsImplementation.describe(false, true, false, "OpenSSL 3.0.15", null))
			.isEqualTo("TLS OpenSSL (OpenSSL 3.0.15)");
	}

	@Test
	void fallsBackToTheJdkWithTheReasonWhenTheNativeLibraryDoesNotLoad() {
		Throwable cause = new UnsatisfiedLinkError("failed to load the required native library\nsecond line");

		assertThat(TlsImplementation.describe(true, false, false, null, cause))
			.isEqualTo("TLS JDK (OpenSSL not loaded: failed to load the required native library)");
		assertThat(TlsImplementation.describe(false, false, false, null, null))
			.isEqualTo("TLS JDK (OpenSSL not loaded)");
	}

	@Test
	void keepsTheJdkForHttp2WhenOpenSslCannotNegotiateAlpn() {
		assertThat(TlsImplementation.describe(true, true, false, "OpenSSL 1.0.1", null))
			.isEqualTo("TLS JDK (OpenSSL without ALPN, needed for h2)");
	}

	@Test
	void thisBuildLoadsBoringSsl() {
		assertThat(TlsImplementation.describe(true)).isEqualTo("TLS OpenSSL (BoringSSL)");
	}

}

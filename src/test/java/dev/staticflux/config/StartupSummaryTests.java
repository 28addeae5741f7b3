package dev.staticflux.config;

import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.info.BuildProperties;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class StartupSummaryTests {

	private final MockEnvironment environment = new MockEnvironment().withProperty("local.server.port", "18080")
		.withProperty("management.server.port", "8081")
		.withProperty("management.server.address", "127.0.0.1")
		.withProperty("local.management.port", "8081");

	@Test
	void saysWhatIsServedWhereAndWithWhichBounds() {
		String line = summary(new BuildProperties(properties("version", "1.2.3"))).line(environment);

		assertThat(line).isEqualTo("staticflux 1.2.3 ready: root " + Path.of("www").toAbsolutePath()
				+ "; http://0.0.0.0:18080 (HTTP/1.1); dashboard http://localhost:18080/dashboard;"
				+ " actuator http://127.0.0.1:8081/actuator; cache 64MB (files up to 1MB, direct memory);"
				+ " limit 1024 concurrent, 1024 queued, 5s queue timeout");
	}

	@Test
	void namesEveryVirtualHostsRootTlsHttp2AndActuatorOnTheSamePort() {
		MockEnvironment tls = new MockEnvironment().withProperty("local.server.port", "8443")
			.withProperty("staticflux.hosts[0].name", "docs.example.com")
			.withProperty("staticflux.hosts[0].root", "/srv/docs")
			.withProperty("staticflux.cache.max-size", "0")
			.withProperty("staticflux.dashboard.enabled", "false")
			.withProperty("server.ssl.bundle", "web")
			.withProperty("server.http2.enabled", "true")
			.withProperty("server.address", "10.0.0.5");

		String line = summary(tls, null).line(tls);

		assertThat(line).startsWith("staticflux (unknown version) ready: root ")
			.contains(", docs.example.com " + Path.of("/srv/docs").toAbsolutePath() + ";")
			.contains(
					"; https://10.0.0.5:8443 (HTTP/1.1, h2; TLS OpenSSL (BoringSSL)); actuator https://10.0.0.5:8443/actuator;"
							+ " cache off;")
			.doesNotContain("dashboard");
	}

	private StartupSummary summary(BuildProperties build) {
		return summary(environment, build);
	}

	private static StartupSummary summary(MockEnvironment environment, BuildProperties build) {
		StaticFluxProperties properties = Binder.get(environment)
			.bindOrCreate("staticflux", StaticFluxProperties.class);
		return new StartupSummary(properties, build);
	}

	private static Properties properties(String key, String value) {
		Properties properties = new Properties();
		properties.setProperty(key, value);
		return properties;
	}

}

package dev.staticflux.config;

import java.nio.file.Path;
import java.util.StringJoiner;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

import dev.staticflux.config.StaticFluxProperties.Cache;
import dev.staticflux.config.StaticFluxProperties.Limit;
import dev.staticflux.units.Units;

/**
 * Logs one INFO line once the server is ready, so that the first look at the console says
 * what is served, where and how: the version, each root with its absolute path, the file
 * server's address and protocols (and, over TLS, which implementation encrypts:
 * {@link TlsImplementation}), the dashboard's URL, Actuator's address, the cache's budget
 * and the limiter's bounds. E.g. <pre>
 * staticflux 0.1.0 ready: root /srv/www; http://0.0.0.0:8080 (HTTP/1.1); dashboard http://localhost:8080/dashboard;
 * actuator http://127.0.0.1:8081/actuator; cache 64MB (files up to 1MB, direct memory); limit 1024 concurrent,
 * 1024 queued, 5s queue timeout
 * </pre> Ports are the ones actually bound ({@code local.server.port}), so a random port
 * shows as the number chosen.
 */
final class StartupSummary implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(StartupSummary.class);

	private final StaticFluxProperties properties;

	@Nullable private final BuildProperties build;

	StartupSummary(StaticFluxProperties properties, @Nullable BuildProperties build) {
		this.properties = properties;
		this.build = build;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		logger.info(line(event.getApplicationContext().getEnvironment()));
	}

	String line(Environment environment) {
		String version = (build != null) ? build.getVersion() : "(unknown version)";
		boolean tls = environment.getProperty("server.ssl.enabled", Boolean.class, false)
				|| environment.getProperty("server.ssl.bundle") != null;
		String scheme = tls ? "https" : "http";
		String address = environment.getProperty("server.address", "0.0.0.0");
		String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
		StringBuilder line = new StringBuilder(256).append("staticflux ").append(version).append(" ready: ");
		line.append(roots());
		line.append("; ").append(scheme).append("://").append(host(address)).append(':').append(port);
		line.append(" (").append(protocols(environment, tls));
		if (tls) {
			line.append("; ").append(TlsImplementation.describe(http2(environment)));
		}
		line.append(')');
		String browsable = scheme + "://" + browsable(address) + ":" + port;
		if (properties.dashboard().enabled()) {
			line.append("; dashboard ").append(browsable).append(properties.dashboard().path());
		}
		line.append("; actuator ").append(actuator(environment, browsable));
		Cache cache = properties.cache();
		line.append("; cache ");
		if (cache.enabled()) {
			line.append(Units.size(cache.maxSize()))
				.append(" (files up to ")
				.append(Units.size(cache.maxFileSize()))
				.append(", direct memory)");
		}
		else {
			line.append("off");
		}
		Limit limit = properties.limit();
		line.append("; limit ")
			.append(limit.maxConcurrent())
			.append(" concurrent, ")
			.append(limit.maxQueued())
			.append(" queued, ")
			.append(Units.duration(limit.queueTimeout()))
			.append(" queue timeout");
		return line.toString();
	}

	private String roots() {
		StringJoiner roots = new StringJoiner(", ");
		roots.add("root " + absolute(properties.root()));
		properties.hosts().forEach(host -> roots.add(host.name() + " " + absolute(host.root())));
		return roots.toString();
	}

	private static String absolute(Path path) {
		return path.toAbsolutePath().normalize().toString();
	}

	private static String protocols(Environment environment, boolean tls) {
		if (!http2(environment)) {
			return "HTTP/1.1";
		}
		return tls ? "HTTP/1.1, h2" : "HTTP/1.1, h2c";
	}

	private static boolean http2(Environment environment) {
		return environment.getProperty("server.http2.enabled", Boolean.class, false);
	}

	/**
	 * Where Actuator answers: its own port ({@code management.server.port}, the packaged
	 * default 8081 on 127.0.0.1), the file server's when unset or equal, or nowhere for
	 * -1.
	 */
	private static String actuator(Environment environment, String fileServer) {
		String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
		String port = environment.getProperty("management.server.port");
		if ("-1".equals(port)) {
			return "off";
		}
		String localPort = environment.getProperty("local.management.port");
		if (port == null || localPort == null) {
			return fileServer + basePath;
		}
		boolean tls = environment.getProperty("management.server.ssl.enabled", Boolean.class, false);
		String address = environment.getProperty("management.server.address", "0.0.0.0");
		return (tls ? "https" : "http") + "://" + host(address) + ":" + localPort + basePath;
	}

	private static String host(String address) {
		return address.contains(":") ? "[" + address + "]" : address;
	}

	/**
	 * A wildcard address is not one a browser can open: the dashboard's URL names
	 * localhost instead.
	 */
	private static String browsable(String address) {
		return ("0.0.0.0".equals(address) || "::".equals(address)) ? "localhost" : host(address);
	}

}

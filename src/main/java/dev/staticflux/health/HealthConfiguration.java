package dev.staticflux.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.staticflux.config.StaticFluxProperties;
import dev.staticflux.files.FileNameEncoding;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code roots} health contributor, one {@link ServedRootHealthIndicator} per served
 * root, which the packaged {@code application.yml} puts in the readiness group (not in
 * liveness: a missing root is no reason to restart the process); and the start-up
 * warnings.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

	private static final Log logger = LogFactory.getLog(HealthConfiguration.class);

	/**
	 * Named {@code roots} in the health endpoint; its members are {@code default} and
	 * each virtual host.
	 */
	@Bean
	CompositeHealthContributor rootsHealthContributor(StaticFluxProperties properties) {
		Map<String, HealthContributor> indicators = new LinkedHashMap<>();
		for (ServedRoot root : ServedRoot.of(properties)) {
			indicators.put(root.name(), new ServedRootHealthIndicator(root));
		}
		return CompositeHealthContributor.fromMap(indicators);
	}

	/**
	 * One WARN line per root that cannot be served at start, and one if non-ASCII file
	 * names cannot be served.
	 */
	@Bean
	ApplicationListener<ApplicationStartedEvent> startupWarnings(StaticFluxProperties properties) {
		List<ServedRoot> roots = ServedRoot.of(properties);
		return event -> warnAtStart(roots, FileNameEncoding.utf8());
	}

	static void warnAtStart(List<ServedRoot> roots, boolean utf8FileNames) {
		for (ServedRoot root : roots) {
			String problem = root.problem();
			if (problem != null) {
				logger.warn("Served root " + root.path() + " (" + root.name() + ") is " + problem
						+ ": nothing can be served from it, and readiness is DOWN, until it can be read");
			}
		}
		if (!utf8FileNames) {
			logger.warn("The JVM encodes file names as " + System.getProperty("native.encoding", "ASCII")
					+ " (the locale has no UTF-8): files with non-ASCII names answer 404. Start it with LANG=C.UTF-8");
		}
	}

}

package dev.staticflux.dashboard;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Finds a file or directory in a served root that the dashboard hides: its routes take
 * precedence over the file engine, so {@code /dashboard}, {@code /dashboard/stream} and
 * {@code /dashboard/assets/**} never reach {@code www/dashboard}; other paths below it
 * still do.
 */
final class DashboardPathClash {

	private static final Log logger = LogFactory.getLog(DashboardPathClash.class);

	private DashboardPathClash() {
	}

	/**
	 * The file or directory at {@code path} (e.g. {@code /dashboard}) below {@code root},
	 * if there is one.
	 */
	static Optional<Path> find(Path root, String path) {
		try {
			Path candidate = root.resolve(path.substring(1)).normalize();
			return Files.exists(candidate) ? Optional.of(candidate) : Optional.empty();
		}
		catch (InvalidPathException ex) {
			return Optional.empty();
		}
	}

	/** Logs a warning naming what the dashboard at {@code path} hides in {@code root}. */
	static void warnIfAny(Path root, String path) {
		find(root, path).ifPresent(hidden -> logger
			.warn("The dashboard at " + path + " hides " + hidden.toAbsolutePath() + " in the served root: " + path
					+ ", " + path + "/stream and " + path + "/assets/** answer with the "
					+ "dashboard. Set staticflux.dashboard.path to another path to serve them from the root."));
	}

}

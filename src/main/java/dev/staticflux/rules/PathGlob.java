package dev.staticflux.rules;

import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;

/**
 * A glob on a path below the root, in the syntax of {@code staticflux.cache-control}: a
 * pattern without {@code /} is matched against the file name alone, so {@code *.woff2}
 * covers every directory (as in {@code .gitignore}); a pattern with {@code /} is a glob
 * on the whole path below the root ({@code js/**}); {@code **} matches everything, the
 * root itself included. A leading {@code /} is optional ({@code /js/**} is
 * {@code js/**}).
 */
final class PathGlob {

	private final String pattern;

	private final PathMatcher matcher;

	private final boolean wholePath;

	/**
	 * @param pattern the glob as configured
	 * @param key its configuration key, for messages
	 */
	PathGlob(String pattern, String key) {
		String relative = pattern.startsWith("/") ? pattern.substring(1) : pattern;
		this.pattern = pattern;
		this.wholePath = relative.contains("/") || relative.contains("**");
		try {
			this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + relative);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"%s: '%s' (expected: a glob such as *.woff2 or js/**: %s)".formatted(key, pattern, ex.getMessage()),
					ex);
		}
	}

	/**
	 * @param relative a path below the root, {@code /}-separated, empty for the root
	 */
	boolean matches(String relative) {
		Path path;
		try {
			path = Path.of(relative);
		}
		catch (InvalidPathException ex) {
			return false;
		}
		Path name = path.getFileName();
		return matcher.matches(wholePath || name == null ? path : name);
	}

	@Override
	public String toString() {
		return pattern;
	}

}

package dev.staticflux.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.staticflux.files.RequestPath;
import dev.staticflux.files.Resolution;

/**
 * A site's single-page-app fallback ({@code staticflux.fallback}): a navigation to a path
 * that resolves to nothing is answered with one file of the root, {@code 200}, as nginx's
 * {@code try_files $uri /index.html}.
 *
 * <p>
 * When it applies, all of: the method is {@code GET} or {@code HEAD}; the path passed the
 * safety rules (a malformed path keeps its 400, a dot-file its 404 unless hidden files
 * are allowed, a path through a link out of the root its 404, see
 * {@link #blockedByLink}); the lookup found nothing ({@link Resolution.Kind#NOT_FOUND}: a
 * 403, a directory redirect or a listing keep theirs); and the request is a navigation,
 * which browsers mark by accepting {@code text/html} (RFC 9110 §12.5.1; a range with
 * {@code q=0} does not count). A script's, style sheet's or image's request accepts
 * {@code text/html} neither, and keeps its 404. Because the answer then depends on
 * {@code Accept}, both answers of such a path carry {@code Vary: Accept} (RFC 9110
 * §12.5.5).
 */
public final class NavigationFallback {

	private static final Log logger = LogFactory.getLog(NavigationFallback.class);

	/** The field name for {@code Vary} on a path whose answer depends on the fallback. */
	public static final String VARY = "Accept";

	private static final Pattern ZERO_QUALITY = Pattern.compile("0(\\.0{0,3})?");

	private final String configured;

	private final RequestPath file;

	private final boolean followSymlinks;

	private NavigationFallback(String configured, RequestPath file, boolean followSymlinks) {
		this.configured = configured;
		this.file = file;
		this.followSymlinks = followSymlinks;
	}

	/**
	 * @param configured the root-relative file, lexically checked in the configuration
	 * @param root the site's root
	 * @param followSymlinks whether links may leave the root
	 * @param key the configuration key, for messages
	 * @return the fallback, or {@code null} when none is configured
	 * @throws IllegalArgumentException when the file is a link out of the root, or not a
	 * path the engine serves
	 */
	static @Nullable NavigationFallback of(@Nullable String configured, Path root, boolean followSymlinks, String key) {
		if (configured == null) {
			return null;
		}
		RequestPath file = RequestPath.parse(configured);
		if (file.outcome() != RequestPath.Outcome.OK || file.relative().isEmpty() || file.trailingSlash()) {
			throw new IllegalArgumentException(
					"%s: '%s' (expected: a file below the root such as /index.html)".formatted(key, configured));
		}
		Path target = root.resolve(file.relative());
		if (!followSymlinks && Files.exists(target) && reachesOutOfRoot(root, file)) {
			throw new IllegalArgumentException(
					"%s: '%s' is a link out of the root %s (expected: a file inside the root)".formatted(key,
							configured, root));
		}
		if (!Files.isRegularFile(target)) {
			logger.warn(key + ": " + configured + " is not a file in " + root
					+ " yet; navigations to missing paths answer 404 until it is");
		}
		return new NavigationFallback(configured, file, followSymlinks);
	}

	/** The file served, as a checked request path. */
	public RequestPath file() {
		return file;
	}

	/** The file as configured, e.g. {@code /index.html}. */
	public String configured() {
		return configured;
	}

	/**
	 * Whether a request is answered with the fallback file rather than its 404 (before
	 * the link check of {@link #blockedByLink}, which needs the disk).
	 * @param getOrHead whether the method is {@code GET} or {@code HEAD}
	 * @param path the checked request path
	 * @param hiddenAllowed whether {@code staticflux.hidden-files} is {@code allow}
	 * @param found what the lookup of the path found
	 * @param accept the request's {@code Accept} field value (lines combined), or
	 * {@code null}
	 */
	public boolean appliesTo(boolean getOrHead, RequestPath path, boolean hiddenAllowed, Resolution.Kind found,
			@Nullable String accept) {
		return getOrHead && found == Resolution.Kind.NOT_FOUND && safe(path, hiddenAllowed) && acceptsHtml(accept);
	}

	/**
	 * Whether the paths this fallback may answer include this one, whatever the lookup
	 * finds.
	 */
	public static boolean safe(RequestPath path, boolean hiddenAllowed) {
		return path.outcome() == RequestPath.Outcome.OK
				|| (path.outcome() == RequestPath.Outcome.HIDDEN && hiddenAllowed);
	}

	/**
	 * Whether an {@code Accept} value accepts {@code text/html} with a non-zero quality.
	 */
	static boolean acceptsHtml(@Nullable String accept) {
		if (accept == null) {
			return false;
		}
		for (String range : accept.split(",")) {
			String[] parts = range.split(";");
			if (!parts[0].trim().equalsIgnoreCase("text/html")) {
				continue;
			}
			boolean zero = false;
			for (int i = 1; i < parts.length; i++) {
				String[] parameter = parts[i].split("=", 2);
				if (parameter.length == 2 && parameter[0].trim().equalsIgnoreCase("q")) {
					zero = ZERO_QUALITY.matcher(parameter[1].trim()).matches();
				}
			}
			if (!zero) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a request path that {@link #appliesTo} goes through a link out of the root,
	 * which it may not unless links may leave the root
	 * ({@code staticflux.follow-symlinks}). Blocking: call it off the event loop.
	 * @param root the site's root
	 * @param path the checked request path
	 */
	public boolean blockedByLink(Path root, RequestPath path) {
		return !followSymlinks && reachesOutOfRoot(root, path);
	}

	/**
	 * Whether the longest part of a path that exists below the root is, links resolved,
	 * outside the root: the path goes through a symbolic link out of the root (the file
	 * resolver answers such a path 404 like a missing one; the fallback must not turn it
	 * into a 200). Blocking: call it off the event loop. An I/O failure counts as
	 * outside, so the answer stays 404.
	 * @param root the site's root
	 * @param path a checked request path
	 */
	static boolean reachesOutOfRoot(Path root, RequestPath path) {
		try {
			Path realRoot = root.toRealPath();
			Path existing = realRoot;
			for (String segment : path.relative().split("/")) {
				if (segment.isEmpty()) {
					continue;
				}
				Path next = existing.resolve(segment);
				if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
					break;
				}
				existing = next;
			}
			return !existing.toRealPath().startsWith(realRoot);
		}
		catch (IOException | RuntimeException ex) {
			// a dangling link (which may point anywhere), a missing root, an unreadable
			// directory
			return true;
		}
	}

}

package dev.staticflux.stats;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The {@code uri} tag of {@code http.server.requests}: the route a request took, never
 * its path, so that the tag stays low-cardinality however many files the root holds
 * (Spring's own tag is the route's pattern too).
 * <ul>
 * <li>the dashboard's routes: {@code /dashboard}, {@code /dashboard/},
 * {@code /dashboard/stream}, {@code /dashboard/assets/**} (with the configured
 * path);</li>
 * <li>Actuator, when it shares the file server's port: {@code /actuator/**};</li>
 * <li>every other request, i.e. the file engine's catch-all route: {@code /**};</li>
 * <li>a request the decoder rejected before its request line was read:
 * {@code UNKNOWN}.</li>
 * </ul>
 * The query string is ignored; an absolute-form request target
 * ({@code GET http://host/path}) is matched by its path.
 */
final class UriTemplates {

	static final String FILES = "/**";

	static final String UNKNOWN = "UNKNOWN";

	private final List<Route> routes;

	/**
	 * @param dashboardPath the dashboard's path, or {@code null} when it is off
	 * @param actuatorBasePath Actuator's base path on the file server's port, or
	 * {@code null} when Actuator has a port of its own
	 */
	UriTemplates(@Nullable String dashboardPath, @Nullable String actuatorBasePath) {
		List<Route> list = new ArrayList<>();
		if (dashboardPath != null) {
			list.add(Route.exact(dashboardPath));
			list.add(Route.exact(dashboardPath + "/"));
			list.add(Route.exact(dashboardPath + "/stream"));
			list.add(Route.below(dashboardPath + "/assets"));
		}
		if (actuatorBasePath != null && !actuatorBasePath.isEmpty() && !actuatorBasePath.equals("/")) {
			list.add(Route.below(actuatorBasePath));
		}
		this.routes = List.copyOf(list);
	}

	/** All the values {@link #template} can return. */
	List<String> all() {
		List<String> all = new ArrayList<>(routes.stream().map(Route::template).toList());
		all.add(FILES);
		all.add(UNKNOWN);
		return all;
	}

	/** The index of the template in {@link #all()}, allocation-free. */
	int index(@Nullable CharSequence uri) {
		if (uri == null) {
			return routes.size() + 1;
		}
		int start = pathStart(uri);
		int end = pathEnd(uri, start);
		for (int i = 0; i < routes.size(); i++) {
			if (routes.get(i).matches(uri, start, end)) {
				return i;
			}
		}
		return routes.size();
	}

	String template(@Nullable CharSequence uri) {
		return all().get(index(uri));
	}

	/**
	 * Where the path starts: after {@code scheme://authority} in an absolute-form target
	 * (RFC 9112, 3.2.2).
	 */
	private static int pathStart(CharSequence uri) {
		if (uri.length() > 0 && uri.charAt(0) == '/') {
			return 0;
		}
		int scheme = indexOf(uri, "://", 0);
		if (scheme < 0) {
			return 0;
		}
		int path = indexOf(uri, "/", scheme + 3);
		return (path < 0) ? uri.length() : path;
	}

	private static int pathEnd(CharSequence uri, int start) {
		for (int i = start; i < uri.length(); i++) {
			char c = uri.charAt(i);
			if (c == '?' || c == '#') {
				return i;
			}
		}
		return uri.length();
	}

	private static int indexOf(CharSequence text, String part, int from) {
		for (int i = from; i <= text.length() - part.length(); i++) {
			if (regionMatches(text, i, part)) {
				return i;
			}
		}
		return -1;
	}

	private static boolean regionMatches(CharSequence text, int offset, String part) {
		for (int j = 0; j < part.length(); j++) {
			if (text.charAt(offset + j) != part.charAt(j)) {
				return false;
			}
		}
		return true;
	}

	/** A path equal to {@code path}, or (for {@code below}) equal to it or under it. */
	private record Route(String path, boolean below, String template) {

		static Route exact(String path) {
			return new Route(path, false, path);
		}

		static Route below(String path) {
			return new Route(path, true, path + "/**");
		}

		boolean matches(CharSequence uri, int start, int end) {
			int length = end - start;
			if (length < path.length() || !regionMatches(uri, start, path)) {
				return false;
			}
			return length == path.length() || (below && uri.charAt(start + path.length()) == '/');
		}

	}

}

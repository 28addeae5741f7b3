package dev.staticflux.files;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.staticflux.config.StaticFluxProperties.VirtualHost;

/**
 * Picks the directory served for a request's {@code Host}: a configured virtual host's
 * root, or the default root for any other name (including a missing Host). Matching
 * ignores case and the port.
 */
public final class HostRoots {

	private final Path defaultRoot;

	private final Map<String, Path> roots = new HashMap<>();

	public HostRoots(Path defaultRoot, List<VirtualHost> hosts) {
		this.defaultRoot = defaultRoot.toAbsolutePath().normalize();
		for (VirtualHost host : hosts) {
			roots.put(host.name(), host.root().toAbsolutePath().normalize());
		}
	}

	/**
	 * @param host the {@code Host} header value, or {@code null}
	 */
	public Path rootFor(@Nullable String host) {
		if (roots.isEmpty() || host == null) {
			return defaultRoot;
		}
		return roots.getOrDefault(hostName(host), defaultRoot);
	}

	/** The default root. */
	public Path defaultRoot() {
		return defaultRoot;
	}

	/** The host name without port, lower case; IPv6 literals keep their brackets. */
	public static String hostName(String host) {
		String value = host.trim();
		int colon = value.lastIndexOf(':');
		if (colon > 0 && value.indexOf(']') < colon) {
			value = value.substring(0, colon);
		}
		if (value.endsWith(".")) {
			value = value.substring(0, value.length() - 1);
		}
		return value.toLowerCase(Locale.ROOT);
	}

}

package dev.staticflux.rules;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;

import dev.staticflux.config.StaticFluxProperties;
import dev.staticflux.config.StaticFluxProperties.HeaderRule;
import dev.staticflux.config.StaticFluxProperties.VirtualHost;
import dev.staticflux.files.HostRoots;

/**
 * Picks a request's {@link SiteRules} by its {@code Host}, as {@link HostRoots} picks its
 * root (case and port ignored; an unknown or missing Host is the default site).
 *
 * <p>
 * What a virtual host inherits: the header rules of {@code staticflux.headers} apply to
 * every site, and a host's own {@code headers} come after them (so a host's rule for the
 * same name wins). Redirects and the fallback are about a site's paths and files, so they
 * do not carry over: {@code staticflux.redirects} and {@code staticflux.fallback} are the
 * default site's, a host has only its own.
 */
public final class SiteRulesByHost {

	private final SiteRules defaultSite;

	private final Map<String, SiteRules> byHost = new LinkedHashMap<>();

	private SiteRulesByHost(SiteRules defaultSite) {
		this.defaultSite = defaultSite;
	}

	/**
	 * No site rules at all: no redirects, no header rules, no fallback, for every host.
	 * @param root the default root
	 */
	public static SiteRulesByHost none(Path root) {
		return new SiteRulesByHost(new SiteRules(null, root, RedirectRules.of(List.of(), "staticflux.redirects"),
				HeaderRules.of(List.of(), List.of()), null));
	}

	/**
	 * Compiles and checks every site's rules.
	 * @throws IllegalArgumentException with a message naming the key, for what the
	 * configuration records cannot check alone: a {@code to} using an unknown capture, a
	 * fallback that is a link out of its root
	 */
	public SiteRulesByHost(StaticFluxProperties properties) {
		HostRoots roots = new HostRoots(properties.root(), properties.hosts());
		boolean follow = properties.followSymlinks();
		this.defaultSite = new SiteRules(null, roots.defaultRoot(),
				RedirectRules.of(properties.redirects(), "staticflux.redirects"),
				HeaderRules.of(properties.headers(), keys("staticflux.headers", properties.headers().size())),
				NavigationFallback.of(properties.fallback(), roots.defaultRoot(), follow, "staticflux.fallback"));
		for (int h = 0; h < properties.hosts().size(); h++) {
			VirtualHost host = properties.hosts().get(h);
			String prefix = "staticflux.hosts[" + h + "]";
			List<HeaderRule> headers = new ArrayList<>(properties.headers());
			headers.addAll(host.headers());
			List<String> keys = new ArrayList<>(keys("staticflux.headers", properties.headers().size()));
			keys.addAll(keys(prefix + ".headers", host.headers().size()));
			byHost.put(host.name(), new SiteRules(host.name(), roots.rootFor(host.name()),
					RedirectRules.of(host.redirects(), prefix + ".redirects"), HeaderRules.of(headers, keys),
					NavigationFallback.of(host.fallback(), roots.rootFor(host.name()), follow, prefix + ".fallback")));
		}
	}

	/**
	 * @param host the {@code Host} header value, or {@code null}
	 */
	public SiteRules forHost(@Nullable String host) {
		if (byHost.isEmpty() || host == null) {
			return defaultSite;
		}
		return byHost.getOrDefault(HostRoots.hostName(host), defaultSite);
	}

	/** Every site, the default first. */
	public List<SiteRules> sites() {
		List<SiteRules> sites = new ArrayList<>();
		sites.add(defaultSite);
		sites.addAll(byHost.values());
		return sites;
	}

	private static List<String> keys(String prefix, int count) {
		return IntStream.range(0, count).mapToObj(i -> prefix + "[" + i + "]").toList();
	}

}

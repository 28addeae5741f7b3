package dev.staticflux.rules;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * The rules of one site (the default root, or one virtual host): its redirects, its
 * response headers and its single-page-app fallback.
 *
 * @param host the virtual host's name, or {@code null} for the default site
 * @param root the site's root
 * @param redirects decided before the file lookup
 * @param headers added to every response
 * @param fallback for navigations to paths that resolve to nothing, or {@code null}
 */
public record SiteRules(@Nullable String host, Path root, RedirectRules redirects, HeaderRules headers,
		@Nullable NavigationFallback fallback) {
}

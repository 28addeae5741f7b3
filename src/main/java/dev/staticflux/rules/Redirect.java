package dev.staticflux.rules;

/**
 * A redirect decided by {@link RedirectRules}.
 *
 * @param status 301, 302, 303, 307 or 308
 * @param location the {@code Location} header value: a path on this host, or an absolute
 * URL its rule names
 */
public record Redirect(int status, String location) {
}

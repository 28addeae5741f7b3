package dev.staticflux.management;

import org.jspecify.annotations.Nullable;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Set;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses Actuator write operations ({@code POST}, {@code PUT}, {@code PATCH},
 * {@code DELETE}, such as the file cache's eviction) whose {@code Host} does not name the
 * management server, with {@code 403}.
 *
 * <p>
 * DNS rebinding: a page the operator opens in a browser on a machine that reaches the
 * management port (a laptop with a {@code kubectl port-forward}, say) can re-point its
 * own host name to {@code 127.0.0.1} and send requests there; the browser still sends
 * that host name in {@code Host}. So a write is accepted only when {@code Host} is an IP
 * address literal (which no rebinding can produce), {@code localhost}, or the host name
 * {@code management.server.address} was given as. Reads are left alone: probes and
 * Prometheus scrapers use whatever name the platform gives them, and a rebinding page
 * cannot read the answers across origins anyway.
 */
final class ManagementHostCheck implements WebFilter {

	private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
			HttpMethod.DELETE);

	private final @Nullable String configuredName;

	/**
	 * @param address {@code management.server.address}, or {@code null} when not set
	 */
	ManagementHostCheck(@Nullable InetAddress address) {
		this.configuredName = (address != null) ? givenName(address) : null;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!WRITES.contains(exchange.getRequest().getMethod())
				|| allowed(hostName(exchange.getRequest().getHeaders()))) {
			return chain.filter(exchange);
		}
		exchange.getResponse().setStatusCode(HttpStatus.FORBIDDEN);
		return exchange.getResponse().setComplete();
	}

	boolean allowed(@Nullable String host) {
		if (host == null || host.isEmpty()) {
			return false;
		}
		String name = host.toLowerCase(Locale.ROOT);
		return name.equals("localhost") || name.startsWith("[") || ipv4(name) || name.equals(configuredName);
	}

	/**
	 * The host part of the {@code Host} field, without port; {@code null} when there is
	 * none.
	 */
	private static @Nullable String hostName(HttpHeaders headers) {
		String host = headers.getFirst(HttpHeaders.HOST);
		if (host == null) {
			return null;
		}
		if (host.startsWith("[")) {
			int close = host.indexOf(']');
			return (close > 0) ? host.substring(0, close + 1) : null;
		}
		int colon = host.indexOf(':');
		return (colon >= 0) ? host.substring(0, colon) : host;
	}

	/**
	 * The name the address was created from, without a reverse lookup; {@code null} for a
	 * literal.
	 */
	private static @Nullable String givenName(InetAddress address) {
		String text = address.toString();
		int slash = text.indexOf('/');
		return (slash > 0) ? text.substring(0, slash).toLowerCase(Locale.ROOT) : null;
	}

	/** Four dot-separated decimal numbers up to 255. */
	private static boolean ipv4(String name) {
		String[] parts = name.split("\\.", -1);
		if (parts.length != 4) {
			return false;
		}
		for (String part : parts) {
			if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
					|| Integer.parseInt(part) > 255) {
				return false;
			}
		}
		return true;
	}

}

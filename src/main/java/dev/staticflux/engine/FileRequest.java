package dev.staticflux.engine;

import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;

/**
 * The request as the core sees it, whatever server API it came through: what the adapters
 * translate.
 */
public interface FileRequest {

	/** The method, e.g. {@code GET}. */
	String method();

	/**
	 * The request target exactly as sent (origin-form {@code /a?b}, absolute-form
	 * {@code http://h/a}, ...).
	 */
	String rawTarget();

	/** The first {@code Host} field, or {@code null}. */
	@Nullable String host();

	/**
	 * A header field's value: when the field was sent on several lines, their values
	 * joined with {@code ", "} in the order received, which RFC 9110 §5.3 defines as the
	 * field's value; {@code null} when absent.
	 * @param name the field name, case-insensitive
	 */
	@Nullable String header(String name);

	/** The client's address, or {@code null} when unknown. */
	@Nullable InetSocketAddress clientAddress();

	/** The protocol, e.g. {@code HTTP/1.1}. */
	String protocol();

}

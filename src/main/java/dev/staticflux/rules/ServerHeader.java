package dev.staticflux.rules;

import org.jspecify.annotations.Nullable;

/**
 * The {@code Server} header of the engine's responses, from Boot's
 * {@code server.server-header}: unset means {@value #DEFAULT}, empty means none at all
 * (RFC 9110 §10.2.4 leaves it optional; some operators hide it).
 *
 * @param value the field value, or {@code null} for no {@code Server} header
 */
public record ServerHeader(@Nullable String value) {

	/** The value when {@code server.server-header} is not set. */
	public static final String DEFAULT = "staticflux";

	public ServerHeader {
		if (value != null && !value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f))) {
			throw new IllegalArgumentException(
					"server.server-header: '%s' (expected: printable ASCII, or empty for none)".formatted(value));
		}
	}

	/**
	 * @param configured {@code server.server-header} as set, or {@code null} when it is
	 * not set
	 */
	public static ServerHeader of(@Nullable String configured) {
		if (configured == null) {
			return new ServerHeader(DEFAULT);
		}
		return new ServerHeader(configured.isBlank() ? null : configured.trim());
	}

}

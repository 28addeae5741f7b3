package dev.staticflux.compression;

import dev.staticflux.files.ContentCoding;

/**
 * What a client's {@code Accept-Encoding} says of each coding (RFC 9110 §12.5.3), as
 * parsed by the engine: its quality value from 0 to 1, where 0 means the coding is not
 * acceptable (named with {@code q=0}, refused through {@code *;q=0}, or not named and no
 * {@code *}).
 */
@FunctionalInterface
public interface AcceptedCodings {

	/** A client that sent no {@code Accept-Encoding}: nothing but identity. */
	AcceptedCodings NONE = coding -> 0;

	/** The quality value of a coding, 0 to 1. */
	float quality(ContentCoding coding);

}

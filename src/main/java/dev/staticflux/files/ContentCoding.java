package dev.staticflux.files;

import java.util.Locale;

/**
 * A content coding the engine can serve (RFC 9110 §8.4.1), and the file-name suffix of
 * its precompressed variant. Each coding other than identity comes either from a
 * precompressed file beside the original or from compression on the fly
 * ({@code dev.staticflux.compression}).
 */
public enum ContentCoding {

	/** The file itself. */
	IDENTITY("identity", ""),
	/** Brotli, from {@code f.br}. */
	BR("br", ".br"),
	/** Zstandard (RFC 8878), from {@code f.zst}. */
	ZSTD("zstd", ".zst"),
	/** Gzip, from {@code f.gz}. */
	GZIP("gzip", ".gz");

	private final String token;

	private final String suffix;

	ContentCoding(String token, String suffix) {
		this.token = token;
		this.suffix = suffix;
	}

	/** The token used in {@code Accept-Encoding} and {@code Content-Encoding}. */
	public String token() {
		return token;
	}

	/** What is appended to a file's name to find this variant. */
	public String suffix() {
		return suffix;
	}

	/**
	 * @param token a coding name from configuration, e.g. {@code br}
	 * @return the coding
	 * @throws IllegalArgumentException for an unknown name
	 */
	public static ContentCoding of(String token) {
		for (ContentCoding coding : values()) {
			if (coding.token.equals(token.toLowerCase(Locale.ROOT))) {
				return coding;
			}
		}
		throw new IllegalArgumentException("Unknown content coding: " + token);
	}

}

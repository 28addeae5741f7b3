package dev.staticflux.http;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.staticflux.compression.CodingNegotiation;
import dev.staticflux.files.ContentCoding;

/**
 * Reads an {@code Accept-Encoding} header (RFC 9110 §12.5.3) and chooses the coding to
 * send among a file's precompressed variants and the codings it may be compressed with on
 * the fly; the choice itself is {@link CodingNegotiation}'s.
 *
 * <p>
 * A coding with {@code q=0} is never chosen; a coding not named takes the {@code *}
 * weight when there is one. Parsed headers are remembered (clients send a handful of
 * distinct values), so the common case costs one map lookup.
 */
final class AcceptEncoding {

	private static final int REMEMBERED = 256;

	private static final float UNSET = -1f;

	private final List<ContentCoding> preference;

	private final Map<String, float[]> parsed = new ConcurrentHashMap<>();

	/**
	 * @param preference the configured codings, most preferred first
	 */
	AcceptEncoding(List<ContentCoding> preference) {
		this.preference = List.copyOf(preference);
	}

	/**
	 * @param header the {@code Accept-Encoding} value, or {@code null}
	 * @param available codings whose variant exists for this file
	 * @return the coding to send
	 */
	ContentCoding choose(@Nullable String header, Set<ContentCoding> available) {
		return choose(header, available, List.of());
	}

	/**
	 * @param header the {@code Accept-Encoding} value, or {@code null}
	 * @param variants codings whose precompressed variant exists for this file
	 * @param onTheFly codings the file may be compressed with, most preferred first
	 * @return the coding to send
	 */
	ContentCoding choose(@Nullable String header, Set<ContentCoding> variants, List<ContentCoding> onTheFly) {
		if (header == null || (variants.isEmpty() && onTheFly.isEmpty())) {
			return ContentCoding.IDENTITY;
		}
		float[] weights = weights(header);
		return CodingNegotiation.choose(coding -> weights[coding.ordinal()], preference, variants, onTheFly);
	}

	private float[] weights(String header) {
		float[] weights = parsed.get(header);
		if (weights == null) {
			weights = parse(header);
			if (parsed.size() >= REMEMBERED) {
				parsed.clear();
			}
			parsed.put(header, weights);
		}
		return weights;
	}

	/** Weight per coding ordinal; codings not named take the {@code *} weight, else 0. */
	static float[] parse(String header) {
		float[] weights = new float[ContentCoding.values().length];
		Arrays.fill(weights, UNSET);
		float star = 0;
		for (String element : header.split(",")) {
			String[] parts = element.split(";");
			String token = parts[0].trim().toLowerCase(Locale.ROOT);
			if (token.isEmpty()) {
				continue;
			}
			float q = quality(parts);
			if (q < 0) {
				continue;
			}
			if (token.equals("*")) {
				star = q;
			}
			else {
				for (ContentCoding coding : ContentCoding.values()) {
					if (coding.token().equals(token) || (coding == ContentCoding.GZIP && token.equals("x-gzip"))) {
						weights[coding.ordinal()] = q;
					}
				}
			}
		}
		for (int i = 0; i < weights.length; i++) {
			if (weights[i] == UNSET) {
				weights[i] = star;
			}
		}
		return weights;
	}

	/**
	 * The q parameter, 1 when absent, or -1 when it is not a qvalue of RFC 9110 §12.4.2
	 * ({@code 0} to {@code 1} with at most three decimals: no sign, exponent or suffix);
	 * the element is then ignored.
	 */
	private static float quality(String[] parts) {
		for (int i = 1; i < parts.length; i++) {
			String parameter = parts[i].trim();
			if (parameter.length() > 2 && (parameter.charAt(0) == 'q' || parameter.charAt(0) == 'Q')
					&& parameter.charAt(1) == '=') {
				return qvalue(parameter.substring(2).trim());
			}
		}
		return 1;
	}

	private static float qvalue(String text) {
		int length = text.length();
		if (length == 0 || length > 5 || (text.charAt(0) != '0' && text.charAt(0) != '1')
				|| (length > 1 && text.charAt(1) != '.')) {
			return -1;
		}
		for (int i = 2; i < length; i++) {
			if (text.charAt(i) < '0' || text.charAt(i) > '9') {
				return -1;
			}
		}
		float q = Float.parseFloat(text);
		return (q <= 1) ? q : -1;
	}

}

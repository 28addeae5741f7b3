package dev.staticflux.files;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A request target's path, decoded exactly once and checked before it goes near the file
 * system.
 *
 * <p>
 * Rules, in order: the raw path must start with {@code /}; a raw {@code \} or an invalid
 * percent escape is rejected; after decoding, an encoded {@code /} or {@code \}, a NUL or
 * control character, invalid UTF-8, or a {@code .} or {@code ..} segment is rejected
 * ({@link Outcome#BAD_REQUEST}). Empty segments ({@code //}) collapse. A segment starting
 * with {@code .} is {@link Outcome#HIDDEN} (the caller turns it into 404 unless hidden
 * files are allowed), except a first segment {@code .well-known}. Decoding once means
 * {@code %252e%252e} becomes the literal name {@code %2e%2e}, which is then just a
 * missing file.
 *
 * @param outcome whether the path may be used
 * @param relative the decoded path below the root, segments joined by {@code /}, empty
 * for the root itself
 * @param trailingSlash whether the request path ended with {@code /}
 */
public record RequestPath(Outcome outcome, String relative, boolean trailingSlash) {

	/** What the check concluded. */
	public enum Outcome {

		/** The path is safe to resolve. */
		OK,
		/** Malformed or dangerous: answer 400. */
		BAD_REQUEST,
		/** Names a hidden segment: answer 404 unless hidden files are allowed. */
		HIDDEN

	}

	private static final RequestPath BAD = new RequestPath(Outcome.BAD_REQUEST, "", false);

	private static final String WELL_KNOWN = ".well-known";

	/**
	 * Decodes and checks a raw (still percent-encoded) request path.
	 * @param rawPath the path as received, without query string
	 * @return the checked path; never throws
	 */
	public static RequestPath parse(String rawPath) {
		if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/' || rawPath.indexOf('\\') >= 0) {
			return BAD;
		}
		if (plain(rawPath)) {
			int end = rawPath.length() - (rawPath.length() > 1 && rawPath.endsWith("/") ? 1 : 0);
			return new RequestPath(Outcome.OK, rawPath.substring(1, Math.max(1, end)), rawPath.endsWith("/"));
		}
		List<String> segments = new ArrayList<>();
		boolean hidden = false;
		int start = 1;
		int length = rawPath.length();
		while (start <= length) {
			int end = rawPath.indexOf('/', start);
			if (end < 0) {
				end = length;
			}
			if (end > start) {
				String segment = decodeSegment(rawPath, start, end);
				if (segment == null || segment.equals(".") || segment.equals("..")) {
					return BAD;
				}
				if (segment.charAt(0) == '.' && !(segments.isEmpty() && segment.equals(WELL_KNOWN))) {
					hidden = true;
				}
				segments.add(segment);
			}
			start = end + 1;
		}
		boolean trailingSlash = rawPath.charAt(length - 1) == '/';
		return new RequestPath(hidden ? Outcome.HIDDEN : Outcome.OK, String.join("/", segments), trailingSlash);
	}

	/**
	 * Whether a raw path needs no decoding nor checks beyond the leading slash: only
	 * unreserved characters and sub-delimiters, no {@code %}, no empty segment and no
	 * segment starting with a dot. Most requests are like this; they skip the
	 * segment-by-segment work and give the same result.
	 */
	private static boolean plain(String raw) {
		char previous = '/';
		for (int i = 1; i < raw.length(); i++) {
			char c = raw.charAt(i);
			boolean ordinary = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '_' || c == '~' || (c == '.' && previous != '/') || (c == '/' && previous != '/');
			if (!ordinary) {
				return false;
			}
			previous = c;
		}
		return true;
	}

	/**
	 * Decodes one segment, or returns {@code null} if it is malformed or contains a
	 * forbidden character.
	 */
	private static @Nullable String decodeSegment(String raw, int start, int end) {
		if (raw.indexOf('%', start) < 0 || raw.indexOf('%', start) >= end) {
			return checkCharacters(raw.substring(start, end));
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(end - start);
		for (int i = start; i < end; i++) {
			char c = raw.charAt(i);
			if (c == '%') {
				if (i + 2 >= end) {
					return null;
				}
				int high = Character.digit(raw.charAt(i + 1), 16);
				int low = Character.digit(raw.charAt(i + 2), 16);
				if (high < 0 || low < 0) {
					return null;
				}
				bytes.write((high << 4) | low);
				i += 2;
			}
			else if (c < 0x80) {
				bytes.write(c);
			}
			else {
				byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
				bytes.write(encoded, 0, encoded.length);
			}
		}
		try {
			String decoded = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes.toByteArray()))
				.toString();
			return checkCharacters(decoded);
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	private static @Nullable String checkCharacters(String segment) {
		for (int i = 0; i < segment.length(); i++) {
			char c = segment.charAt(i);
			if (c < 0x20 || c == 0x7f || c == '/' || c == '\\'
					|| Character.isSurrogate(c) && !validSurrogate(segment, i)) {
				return null;
			}
		}
		return segment;
	}

	private static boolean validSurrogate(String s, int i) {
		char c = s.charAt(i);
		if (Character.isHighSurrogate(c)) {
			return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
		}
		return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
	}

}

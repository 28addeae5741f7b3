package dev.staticflux.netty;

import java.util.List;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.util.AsciiString;
import org.jspecify.annotations.Nullable;

import dev.staticflux.engine.Reply;

/**
 * The engine's header names and values as Netty {@link AsciiString}s, each checked once
 * and remembered: the codec copies an {@code AsciiString} into the response's head as it
 * is and hashes it once, where a {@code String} is checked, hashed and encoded character
 * by character in every response. A reply's names are constants and its values mostly the
 * same few strings per file ({@code ETag}, {@code Last-Modified}, {@code Content-Type},
 * {@code Cache-Control}, the second's {@code Date}), so nearly every one is found here.
 *
 * <p>
 * The check is the one Netty's validating header map makes: a name must be an RFC 9110
 * §5.6.2 token, a value may not hold a control character other than horizontal tab
 * (§5.5), so no reply can split a response. A value is encoded as the codec encodes a
 * {@code String}: one byte per character, its low eight bits, and {@code ?} for a
 * character above {@code U+00FF}.
 *
 * <p>
 * The table is a fixed array of slots, read and written without locks from every event
 * loop: a slot holds an immutable pair, so a reader sees either the old pair or the new
 * one, and a collision only costs a conversion.
 */
final class HeaderStrings {

	/**
	 * Header maps that do not check what is added to them, for the fields of
	 * {@link #copy}, already checked here.
	 */
	static final HttpHeadersFactory UNCHECKED = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

	private static final int SLOTS = 1024;

	private static final HeaderStrings NAMES = new HeaderStrings(true);

	private static final HeaderStrings VALUES = new HeaderStrings(false);

	private final boolean names;

	private final @Nullable Slot[] slots = new Slot[SLOTS];

	private HeaderStrings(boolean names) {
		this.names = names;
	}

	/**
	 * Adds a reply's header fields to a response's headers, which need not check them
	 * again (see {@link #UNCHECKED}): each with {@code add}, unless an earlier field of
	 * the reply has the same name, which it replaces, as {@code set} would.
	 * @param headers a reply's header names and values, alternating
	 * ({@link Reply#headerList()})
	 * @param target the response's header fields, empty
	 */
	static void copy(List<String> headers, HttpHeaders target) {
		int count = headers.size() / 2;
		AsciiString[] added = new AsciiString[count];
		for (int i = 0; i < count; i++) {
			AsciiString name = NAMES.ascii(headers.get(2 * i));
			AsciiString value = VALUES.ascii(headers.get(2 * i + 1));
			if (repeats(added, i, name)) {
				target.set(name, value);
			}
			else {
				target.add(name, value);
			}
			added[i] = name;
		}
	}

	/** A request header's name, for a lookup that hashes it once. */
	static AsciiString name(String name) {
		return NAMES.ascii(name);
	}

	private static boolean repeats(AsciiString[] added, int count, AsciiString name) {
		int hash = name.hashCode();
		for (int i = 0; i < count; i++) {
			if (added[i].hashCode() == hash && added[i].contentEqualsIgnoreCase(name)) {
				return true;
			}
		}
		return false;
	}

	private AsciiString ascii(String string) {
		int hash = string.hashCode();
		int index = (hash ^ (hash >>> 16)) & (SLOTS - 1);
		Slot slot = slots[index];
		if (slot != null && (slot.string == string || slot.string.equals(string))) {
			return slot.ascii;
		}
		check(string);
		AsciiString ascii = new AsciiString(string);
		slots[index] = new Slot(string, ascii);
		return ascii;
	}

	private void check(String string) {
		int invalid = names ? HttpHeaderValidationUtil.validateToken(string)
				: HttpHeaderValidationUtil.validateValidHeaderValue(string);
		if (names && string.isEmpty()) {
			throw new IllegalArgumentException("An empty header name");
		}
		if (invalid >= 0) {
			throw new IllegalArgumentException(String.format("A header %s with the character 0x%02x at index %d: '%s'",
					names ? "name" : "value", (int) string.charAt(invalid), invalid, string));
		}
	}

	private record Slot(String string, AsciiString ascii) {
	}

}

package dev.staticflux.stats;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.staticflux.stats.AccessLogLine.Escaping;

import static org.assertj.core.api.Assertions.assertThat;

class AccessLogLineTests {

	@Test
	void writesNumbersAsLongToStringDoes() {
		long[] values = { 0, 7, 10, 99, 1_000_000, Long.MAX_VALUE, -1, -10, Long.MIN_VALUE };
		for (long value : values) {
			assertThat(new AccessLogLine().number(value)).hasToString(Long.toString(value));
		}
	}

	@Test
	void writesTextAsIsInUtf8() {
		String text = "caf\u00e9 \u20ac \ud83d\ude00 \ud800";

		assertThat(new AccessLogLine().ascii("a ").utf8(text).toBytes())
			.isEqualTo(("a " + text).getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void growsForALongLineAndStartsEmptyForTheNextOne() {
		AccessLogLine line = AccessLogLine.empty();
		String longText = "x".repeat(100_000);
		line.ascii(longText);
		assertThat(line.toBytes()).hasSize(100_000);

		AccessLogLine next = AccessLogLine.empty();

		assertThat(next.ascii("short")).hasToString("short");
	}

	@Test
	void escapesAsApacheDoesOrAsJsonDoes() {
		String text = "a\"b\\c\u0000\t\u001f\u007f\u0080\u00e9\u00ff\u0100\u20ac ~";

		assertThat(new AccessLogLine().escaped(text, Escaping.APACHE))
			.hasToString("a\\\"b\\\\c\\x00\\x09\\x1f\\x7f\\x80\\xe9\\xff\\u0100\\u20ac ~");
		assertThat(new AccessLogLine().escaped(text, Escaping.JSON))
			.hasToString("a\\\"b\\\\c\\u0000\\u0009\\u001f\\u007f\\u0080\\u00e9\\u00ff\\u0100\\u20ac ~");
	}

	@Test
	void padsWithLeadingZeros() {
		assertThat(new AccessLogLine().zeroPadded(12_345, 6)
			.append(' ')
			.zeroPadded(0, 6)
			.append(' ')
			.zeroPadded(999_999, 6)).hasToString("012345 000000 999999");
	}

}

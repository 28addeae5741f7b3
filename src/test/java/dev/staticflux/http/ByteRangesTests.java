package dev.staticflux.http;

import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.staticflux.http.ByteRanges.Parsed;
import dev.staticflux.http.ByteRanges.Range;
import dev.staticflux.http.ByteRanges.Status;

import static org.assertj.core.api.Assertions.assertThat;

class ByteRangesTests {

	@Test
	void noHeaderMeansWholeRepresentation() {
		assertThat(ByteRanges.parse(null, 100).status()).isEqualTo(Status.IGNORE);
	}

	@Test
	void singleRange() {
		assertThat(ByteRanges.parse("bytes=0-9", 100)).isEqualTo(new Parsed(Status.PARTIAL, List.of(new Range(0, 9))));
	}

	@Test
	void unitIsCaseInsensitiveAndSpacesAroundRangesAreTolerated() {
		assertThat(ByteRanges.parse(" Bytes= 1-2 , 4-5 ", 100).ranges()).containsExactly(new Range(1, 2),
				new Range(4, 5));
	}

	@Test
	void openEndedRangeRunsToTheEnd() {
		assertThat(ByteRanges.parse("bytes=90-", 100).ranges()).containsExactly(new Range(90, 99));
	}

	@Test
	void suffixRangeIsTheLastBytes() {
		assertThat(ByteRanges.parse("bytes=-10", 100).ranges()).containsExactly(new Range(90, 99));
	}

	@Test
	void suffixLongerThanTheRepresentationIsTheWholeRepresentation() {
		assertThat(ByteRanges.parse("bytes=-500", 100).ranges()).containsExactly(new Range(0, 99));
	}

	@Test
	void lastPositionPastTheEndIsClipped() {
		assertThat(ByteRanges.parse("bytes=50-5000", 100).ranges()).containsExactly(new Range(50, 99));
	}

	@Test
	void disjointRangesKeepTheirOrder() {
		assertThat(ByteRanges.parse("bytes=0-0,-1,10-19", 100).ranges()).containsExactly(new Range(0, 0),
				new Range(99, 99), new Range(10, 19));
	}

	/**
	 * Regression: {@code bytes=0-,0-,...} sent a 10 MB file 16 times in one multipart
	 * response.
	 */
	@Test
	void overlappingRangesOfTheWholeFileAreOneRange() {
		String header = "bytes=" + String.join(",", Collections.nCopies(ByteRanges.MAX_RANGES, "0-"));

		assertThat(ByteRanges.parse(header, 10_000_000))
			.isEqualTo(new Parsed(Status.PARTIAL, List.of(new Range(0, 9_999_999))));
	}

	@Test
	void overlappingAndAdjacentRangesAreCoalescedInAscendingOrder() {
		assertThat(ByteRanges.parse("bytes=5000-5999,0-9,10-19,5500-6500,15-30", 100_000).ranges())
			.containsExactly(new Range(0, 30), new Range(5000, 6500));
	}

	@Test
	void suffixRangeOverlappingAnotherIsCoalesced() {
		assertThat(ByteRanges.parse("bytes=9000-,-500", 10_000).ranges()).containsExactly(new Range(9000, 9999));
	}

	@Test
	void manyTinyRangesOfASmallFileAreIgnoredAsTheWholeFileIsSmaller() {
		String header = IntStream.range(0, ByteRanges.MAX_RANGES)
			.mapToObj(i -> (i * 2) + "-" + (i * 2))
			.collect(Collectors.joining(",", "bytes=", ""));

		assertThat(ByteRanges.parse(header, 100)).isEqualTo(Parsed.IGNORE);
	}

	@Test
	void aFewDisjointRangesOfASmallFileKeepTheirPartialResponse() {
		assertThat(ByteRanges.parse("bytes=0-0,-1", 100).ranges()).containsExactly(new Range(0, 0), new Range(99, 99));
	}

	@Test
	void multipartEstimateIsAnUpperBoundOfTheFramingTheEngineWrites() {
		List<Range> parts = List.of(new Range(0, 9), new Range(1_000_000, 1_000_009));
		String contentType = "application/vnd.openxmlformats-officedocument";
		long written = 24;
		for (Range part : parts) {
			written += ("\r\n--0123456789abcdef\r\nContent-Type: " + contentType + "\r\nContent-Range: bytes "
					+ part.first() + "-" + part.last() + "/2000000\r\n\r\n")
				.length() + part.length();
		}

		assertThat(ByteRanges.multipartEstimate(parts, 2_000_000)).isGreaterThanOrEqualTo(written);
	}

	@Test
	void emptyListElementsAreSkipped() {
		assertThat(ByteRanges.parse("bytes=0-1,,5-6,", 100).ranges()).containsExactly(new Range(0, 1), new Range(5, 6));
		assertThat(ByteRanges.parse("bytes=, 0-1", 100).ranges()).containsExactly(new Range(0, 1));
	}

	@Test
	void emptyListElementsDoNotCountTowardsTheCap() {
		String header = "bytes=" + ",".repeat(100) + "0-0,5-5";

		assertThat(ByteRanges.parse(header, 100).ranges()).containsExactly(new Range(0, 0), new Range(5, 5));
	}

	@ParameterizedTest
	@ValueSource(strings = { "bytes=10-99999999999999999999", "bytes=10-9223372036854775807",
			"bytes=10-9223372036854775808" })
	void lastPositionTooLargeForALongIsClipped(String header) {
		assertThat(ByteRanges.parse(header, 100).ranges()).containsExactly(new Range(10, 99));
	}

	@Test
	void suffixTooLargeForALongIsTheWholeRepresentation() {
		assertThat(ByteRanges.parse("bytes=-99999999999999999999", 100).ranges()).containsExactly(new Range(0, 99));
	}

	@Test
	void unsatisfiableRangesDropOutAndTheRestAreServed() {
		assertThat(ByteRanges.parse("bytes=200-300,0-4", 100).ranges()).containsExactly(new Range(0, 4));
	}

	@ParameterizedTest
	@ValueSource(strings = { "bytes=100-", "bytes=100-200", "bytes=99999999-", "bytes=-0", "bytes=100-,200-",
			"bytes=99999999999999999999-" })
	void rangesStartingAtOrAfterTheEndAreUnsatisfiable(String header) {
		assertThat(ByteRanges.parse(header, 100)).isEqualTo(Parsed.UNSATISFIABLE);
	}

	@Test
	void anyRangeOfAnEmptyRepresentationIsUnsatisfiable() {
		assertThat(ByteRanges.parse("bytes=0-", 0).status()).isEqualTo(Status.UNSATISFIABLE);
		assertThat(ByteRanges.parse("bytes=-5", 0).status()).isEqualTo(Status.UNSATISFIABLE);
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "", "bytes", "bytes=", "items=0-1", "bytes=abc", "bytes=5", "bytes=5-4", "bytes=-", "bytes=--5",
					"bytes=+1-2", "bytes=1-+2", "bytes=,", "bytes= , ", "bytes=0-1,x", "bytes=1 - 2", "bytes=0x10-20" })
	void malformedHeaderIsIgnored(String header) {
		assertThat(ByteRanges.parse(header, 100)).isEqualTo(Parsed.IGNORE);
	}

	@Test
	void tooManyRangesAreIgnored() {
		String many = IntStream.range(0, ByteRanges.MAX_RANGES + 1)
			.mapToObj(i -> (i * 100) + "-" + (i * 100))
			.collect(Collectors.joining(",", "bytes=", ""));
		assertThat(ByteRanges.parse(many, 10_000)).isEqualTo(Parsed.IGNORE);
	}

	@Test
	void theMaximumNumberOfRangesIsServed() {
		String max = IntStream.range(0, ByteRanges.MAX_RANGES)
			.mapToObj(i -> (i * 100) + "-" + (i * 100))
			.collect(Collectors.joining(",", "bytes=", ""));
		assertThat(ByteRanges.parse(max, 10_000).ranges()).hasSize(ByteRanges.MAX_RANGES);
	}

	@Test
	void rangeLengthIsInclusive() {
		assertThat(new Range(10, 19).length()).isEqualTo(10);
	}

}

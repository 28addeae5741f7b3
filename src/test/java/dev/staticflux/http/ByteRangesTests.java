package dev.staticflux.http;

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
		assertThat(ByteRanges.parse("bytes=0-9", 100)).isEqualTo(new Parsed(Status.PARTIAL, java.util.List.of(new Range(0, 9))));
	}

	@Test
	void unitIsCaseInsensitiveAndSpacesAroundRangesAreTolerated() {
		assertThat(ByteRanges.parse(" Bytes= 1-2 , 4-5 ", 100).ranges()).containsExactly(new Range(1, 2), new Range(4, 5));
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
	void multipleRangesKeepTheirOrder() {
		assertThat(ByteRanges.parse("bytes=0-0,-1,10-19", 100).ranges()).containsExactly(new Range(0, 0),
				new Range(99, 99), new Range(10, 19));
	}

	@Test
	void unsatisfiableRangesDropOutAndTheRestAreServed() {
		assertThat(ByteRanges.parse("bytes=200-300,0-4", 100).ranges()).containsExactly(new Range(0, 4));
	}

	@ParameterizedTest
	@ValueSource(strings = { "bytes=100-", "bytes=100-200", "bytes=99999999-", "bytes=-0", "bytes=100-,200-" })
	void rangesStartingAtOrAfterTheEndAreUnsatisfiable(String header) {
		assertThat(ByteRanges.parse(header, 100)).isEqualTo(Parsed.UNSATISFIABLE);
	}

	@Test
	void anyRangeOfAnEmptyRepresentationIsUnsatisfiable() {
		assertThat(ByteRanges.parse("bytes=0-", 0).status()).isEqualTo(Status.UNSATISFIABLE);
		assertThat(ByteRanges.parse("bytes=-5", 0).status()).isEqualTo(Status.UNSATISFIABLE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "bytes", "bytes=", "items=0-1", "bytes=abc", "bytes=5", "bytes=5-4", "bytes=-", "bytes=--5",
			"bytes=+1-2", "bytes=1-+2", "bytes=0-1,", "bytes=,0-1", "bytes=0-1,x", "bytes=1 - 2", "bytes=0x10-20",
			"bytes=99999999999999999999-", "bytes=-99999999999999999999" })
	void malformedHeaderIsIgnored(String header) {
		assertThat(ByteRanges.parse(header, 100)).isEqualTo(Parsed.IGNORE);
	}

	@Test
	void tooManyRangesAreIgnored() {
		String many = IntStream.range(0, ByteRanges.MAX_RANGES + 1)
			.mapToObj(i -> i + "-" + i)
			.collect(Collectors.joining(",", "bytes=", ""));
		assertThat(ByteRanges.parse(many, 1000)).isEqualTo(Parsed.IGNORE);
	}

	@Test
	void theMaximumNumberOfRangesIsServed() {
		String max = IntStream.range(0, ByteRanges.MAX_RANGES)
			.mapToObj(i -> i + "-" + i)
			.collect(Collectors.joining(",", "bytes=", ""));
		assertThat(ByteRanges.parse(max, 1000).ranges()).hasSize(ByteRanges.MAX_RANGES);
	}

	@Test
	void rangeLengthIsInclusive() {
		assertThat(new Range(10, 19).length()).isEqualTo(10);
	}

}

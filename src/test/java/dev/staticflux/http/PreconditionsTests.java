package dev.staticflux.http;

import java.nio.file.Path;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import dev.staticflux.files.ContentCoding;
import dev.staticflux.files.HttpDates;
import dev.staticflux.files.Representation;
import dev.staticflux.http.Preconditions.Outcome;

import static org.assertj.core.api.Assertions.assertThat;

class PreconditionsTests {

	private static final long MODIFIED = 1_700_000_000L;

	private static final String ETAG = "\"a-18bcfe56800\"";

	private static final Representation FILE = new Representation(Path.of("/srv/www/a.txt"), ContentCoding.IDENTITY, 10,
			"text/plain;charset=utf-8", ETAG, MODIFIED, HttpDates.format(MODIFIED), null, null);

	private static Outcome evaluate(String... nameValues) {
		HttpHeaders headers = new HttpHeaders();
		for (int i = 0; i < nameValues.length; i += 2) {
			headers.add(nameValues[i], nameValues[i + 1]);
		}
		return Preconditions.evaluate(headers, FILE);
	}

	@Test
	void noConditionsProceed() {
		assertThat(evaluate()).isEqualTo(Outcome.PROCEED);
	}

	@Nested
	class IfNoneMatch {

		@Test
		void matchingTagIsNotModified() {
			assertThat(evaluate("If-None-Match", ETAG)).isEqualTo(Outcome.NOT_MODIFIED);
		}

		@Test
		void tagAnywhereInAListIsNotModified() {
			assertThat(evaluate("If-None-Match", "\"x\", \"y\",\t" + ETAG)).isEqualTo(Outcome.NOT_MODIFIED);
		}

		@Test
		void emptyListElementsAreSkipped() {
			assertThat(evaluate("If-None-Match", ", \"x\",, ," + ETAG + ",")).isEqualTo(Outcome.NOT_MODIFIED);
		}

		@Test
		void starIsNotModified() {
			assertThat(evaluate("If-None-Match", "*")).isEqualTo(Outcome.NOT_MODIFIED);
		}

		@Test
		void weakComparisonIgnoresTheWeakPrefix() {
			assertThat(evaluate("If-None-Match", "W/" + ETAG)).isEqualTo(Outcome.NOT_MODIFIED);
		}

		@Test
		void otherTagsProceed() {
			assertThat(evaluate("If-None-Match", "\"other\", W/\"x\"")).isEqualTo(Outcome.PROCEED);
		}

		@Test
		void tagThatOnlyStartsLikeTheCurrentOneProceeds() {
			assertThat(evaluate("If-None-Match", ETAG.substring(0, ETAG.length() - 1) + "0\""))
				.isEqualTo(Outcome.PROCEED);
		}

		@Test
		void winsOverIfModifiedSince() {
			assertThat(evaluate("If-None-Match", "\"other\"", "If-Modified-Since", HttpDates.format(MODIFIED)))
				.isEqualTo(Outcome.PROCEED);
			assertThat(evaluate("If-None-Match", ETAG, "If-Modified-Since", HttpDates.format(MODIFIED - 100)))
				.isEqualTo(Outcome.NOT_MODIFIED);
		}

	}

	@Nested
	class IfModifiedSince {

		@Test
		void sameDateIsNotModified() {
			assertThat(evaluate("If-Modified-Since", HttpDates.format(MODIFIED))).isEqualTo(Outcome.NOT_MODIFIED);
		}

		@Test
		void laterDateIsNotModified() {
			assertThat(evaluate("If-Modified-Since", HttpDates.format(MODIFIED + 60))).isEqualTo(Outcome.NOT_MODIFIED);
		}

		@Test
		void earlierDateProceeds() {
			assertThat(evaluate("If-Modified-Since", HttpDates.format(MODIFIED - 1))).isEqualTo(Outcome.PROCEED);
		}

		@Test
		void invalidDateIsIgnored() {
			assertThat(evaluate("If-Modified-Since", "yesterday")).isEqualTo(Outcome.PROCEED);
		}

		@Test
		void obsoleteDateFormsAreAccepted() {
			assertThat(HttpDates.parse("Tuesday, 14-Nov-23 22:13:20 GMT")).isEqualTo(MODIFIED);
			assertThat(HttpDates.parse("Tue Nov 14 22:13:20 2023")).isEqualTo(MODIFIED);
		}

	}

	@Nested
	class IfMatchAndIfUnmodifiedSince {

		@Test
		void matchingStrongTagProceeds() {
			assertThat(evaluate("If-Match", ETAG)).isEqualTo(Outcome.PROCEED);
			assertThat(evaluate("If-Match", "*")).isEqualTo(Outcome.PROCEED);
		}

		@Test
		void emptyListElementsAreSkipped() {
			assertThat(evaluate("If-Match", ",," + ETAG + " ,")).isEqualTo(Outcome.PROCEED);
		}

		@Test
		void otherTagFails() {
			assertThat(evaluate("If-Match", "\"other\"")).isEqualTo(Outcome.FAILED);
		}

		@Test
		void weakTagFailsBecauseIfMatchComparesStrongly() {
			assertThat(evaluate("If-Match", "W/" + ETAG)).isEqualTo(Outcome.FAILED);
		}

		@Test
		void modifiedSinceTheDateFails() {
			assertThat(evaluate("If-Unmodified-Since", HttpDates.format(MODIFIED - 1))).isEqualTo(Outcome.FAILED);
		}

		@Test
		void unmodifiedSinceTheDateProceeds() {
			assertThat(evaluate("If-Unmodified-Since", HttpDates.format(MODIFIED))).isEqualTo(Outcome.PROCEED);
		}

		@Test
		void ifUnmodifiedSinceIsIgnoredWhenIfMatchIsPresent() {
			assertThat(evaluate("If-Match", ETAG, "If-Unmodified-Since", HttpDates.format(MODIFIED - 1)))
				.isEqualTo(Outcome.PROCEED);
		}

		@Test
		void failedIfMatchWinsOverIfNoneMatch() {
			assertThat(evaluate("If-Match", "\"other\"", "If-None-Match", ETAG)).isEqualTo(Outcome.FAILED);
		}

	}

	@Nested
	class IfRange {

		@Test
		void absentHolds() {
			assertThat(Preconditions.ifRangeHolds(null, FILE)).isTrue();
		}

		@Test
		void currentEtagHolds() {
			assertThat(Preconditions.ifRangeHolds(ETAG, FILE)).isTrue();
		}

		@Test
		void otherOrWeakEtagDoesNotHold() {
			assertThat(Preconditions.ifRangeHolds("\"other\"", FILE)).isFalse();
			assertThat(Preconditions.ifRangeHolds("W/" + ETAG, FILE)).isFalse();
		}

		@Test
		void exactLastModifiedDateHolds() {
			assertThat(Preconditions.ifRangeHolds(HttpDates.format(MODIFIED), FILE)).isTrue();
		}

		@Test
		void otherDateOrGarbageDoesNotHold() {
			assertThat(Preconditions.ifRangeHolds(HttpDates.format(MODIFIED - 1), FILE)).isFalse();
			assertThat(Preconditions.ifRangeHolds(HttpDates.format(MODIFIED + 1), FILE)).isFalse();
			assertThat(Preconditions.ifRangeHolds("garbage", FILE)).isFalse();
		}

	}

}

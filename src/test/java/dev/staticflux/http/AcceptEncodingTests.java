package dev.staticflux.http;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.staticflux.files.ContentCoding;

import static dev.staticflux.files.ContentCoding.BR;
import static dev.staticflux.files.ContentCoding.GZIP;
import static dev.staticflux.files.ContentCoding.IDENTITY;
import static org.assertj.core.api.Assertions.assertThat;

class AcceptEncodingTests {

	private static final Set<ContentCoding> BOTH = Set.of(BR, GZIP);

	private final AcceptEncoding acceptEncoding = new AcceptEncoding(List.of(BR, GZIP));

	@ParameterizedTest(name = "[{index}] {0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			gzip, br                     | BR
			br, gzip                     | BR
			gzip;q=1.0, br;q=1.0         | BR
			gzip, deflate                | GZIP
			br;q=0.5, gzip;q=0.8         | GZIP
			gzip;q=0.5, br;q=0.4         | GZIP
			br;q=0, gzip                 | GZIP
			gzip;q=0, br;q=0             | IDENTITY
			br;q=0.0, gzip;q=0.000       | IDENTITY
			*                            | BR
			*;q=0                        | IDENTITY
			*, br;q=0                    | GZIP
			*;q=0.1, gzip;q=0.9          | GZIP
			deflate, identity            | IDENTITY
			x-gzip                       | GZIP
			BR                           | BR
			br;Q=0                       | IDENTITY
			br;q=abc, gzip               | GZIP
			br;q=2, gzip                 | GZIP
			br;q=-1, gzip                | GZIP
			' , ,'                       | IDENTITY
			gzip;q=0.5,,br;q=0.4,        | GZIP
			', , br'                     | BR
			br;q=1e0, gzip               | GZIP
			br;q=0.5f, gzip;q=0.1        | GZIP
			br;q=NaN, gzip               | GZIP
			br;q=0.0001, gzip;q=0.001    | GZIP
			br;q=1.001, gzip;q=0.001     | GZIP
			br;q=1., gzip;q=0.9          | BR
			""")
	void choosesTheBestAcceptableVariant(String header, ContentCoding expected) {
		assertThat(acceptEncoding.choose(header, BOTH)).isEqualTo(expected);
	}

	@Test
	void noHeaderMeansIdentity() {
		assertThat(acceptEncoding.choose(null, BOTH)).isEqualTo(IDENTITY);
	}

	@Test
	void onlyExistingVariantsAreChosen() {
		assertThat(acceptEncoding.choose("br, gzip", Set.of(GZIP))).isEqualTo(GZIP);
		assertThat(acceptEncoding.choose("br", Set.of(GZIP))).isEqualTo(IDENTITY);
		assertThat(acceptEncoding.choose("br, gzip", Set.of())).isEqualTo(IDENTITY);
	}

	@Test
	void configuredOrderBreaksTies() {
		AcceptEncoding gzipFirst = new AcceptEncoding(List.of(GZIP, BR));
		assertThat(gzipFirst.choose("br, gzip", BOTH)).isEqualTo(GZIP);
	}

	@Test
	void codingNotConfiguredIsNeverChosen() {
		AcceptEncoding gzipOnly = new AcceptEncoding(List.of(GZIP));
		assertThat(gzipOnly.choose("br", BOTH)).isEqualTo(IDENTITY);
	}

	@Test
	void rememberedHeadersGiveTheSameAnswer() {
		for (int i = 0; i < 600; i++) {
			assertThat(acceptEncoding.choose("gzip;q=0." + (i % 9 + 1) + ", br;q=0", BOTH)).isEqualTo(GZIP);
		}
	}

}

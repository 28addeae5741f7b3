package dev.staticflux.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import dev.staticflux.files.ContentCoding;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random {@code Range} and {@code Accept-Encoding} headers: parsers never throw and never
 * answer out of bounds.
 */
class HeaderParsingPropertyTests {

	@Provide
	Arbitrary<String> rangeHeaders() {
		Arbitrary<String> number = Arbitraries.oneOf(
				Arbitraries.longs().between(0, 2_000_000).map(n -> Long.toString(n)),
				Arbitraries.of("", "0", "-1", "99999999", "9223372036854775807", "99999999999999999999", "x", " "));
		Arbitrary<String> spec = Combinators.combine(number, Arbitraries.of("-", "", "--", " - "), number)
			.as((a, dash, b) -> a + dash + b);
		Arbitrary<String> specs = Combinators.combine(spec.list().ofMaxSize(20), Arbitraries.of(",", ", "))
			.as((list, separator) -> String.join(separator, list));
		Arbitrary<String> unit = Arbitraries.of("bytes=", "Bytes=", "bytes = ", "items=", "");
		return Arbitraries.oneOf(Combinators.combine(unit, specs).as(String::concat),
				Arbitraries.strings().all().ofMaxLength(30));
	}

	@Property(tries = 3000)
	void rangesStayInsideTheRepresentation(@ForAll("rangeHeaders") String header,
			@ForAll @LongRange(min = 0, max = 3_000_000) long length) {
		ByteRanges.Parsed parsed = ByteRanges.parse(header, length);

		assertThat(parsed.status()).isNotNull();
		if (parsed.status() == ByteRanges.Status.PARTIAL) {
			assertThat(parsed.ranges()).isNotEmpty().hasSizeLessThanOrEqualTo(ByteRanges.MAX_RANGES);
		}
		else {
			assertThat(parsed.ranges()).isEmpty();
		}
		for (ByteRanges.Range range : parsed.ranges()) {
			assertThat(range.first()).isBetween(0L, length - 1);
			assertThat(range.last()).isBetween(range.first(), length - 1);
		}
	}

	/**
	 * Whatever the header, a 206 is never much larger than the representation: no
	 * amplification.
	 */
	@Property(tries = 3000)
	void partsNeitherOverlapNorOutgrowTheRepresentation(@ForAll("rangeHeaders") String header,
			@ForAll @LongRange(min = 0, max = 3_000_000) long length) {
		List<ByteRanges.Range> ranges = ByteRanges.parse(header, length).ranges();

		long total = ranges.stream().mapToLong(ByteRanges.Range::length).sum();
		assertThat(total).isLessThanOrEqualTo(length);
		if (ranges.size() > 1) {
			assertThat(ByteRanges.multipartEstimate(ranges, length))
				.isLessThanOrEqualTo(length + ByteRanges.FRAMING_ALLOWANCE);
			List<ByteRanges.Range> sorted = ranges.stream()
				.sorted(Comparator.comparingLong(ByteRanges.Range::first))
				.toList();
			for (int i = 1; i < sorted.size(); i++) {
				assertThat(sorted.get(i).first()).as("%s: disjoint and not adjacent", ranges)
					.isGreaterThan(sorted.get(i - 1).last() + 1);
			}
		}
	}

	/** One element of an Accept-Encoding header; {@code q} null means no q parameter. */
	record Element(String token, String q) {

		@Override
		public String toString() {
			return q == null ? token : token + ";q=" + q;
		}

		boolean excludes() {
			return q != null && q.matches("0(\\.0*)?");
		}

	}

	@Provide
	Arbitrary<List<Element>> acceptEncodings() {
		Arbitrary<String> q = Arbitraries.oneOf(Arbitraries.just(null),
				Arbitraries.of("0", "0.0", "0.000", "1", "1.0", "0.5", "0.001", "abc", "2", "-1", ""));
		return Combinators.combine(Arbitraries.of("br", "gzip", "*", "identity", "deflate", "x-gzip", "zstd"), q)
			.as(Element::new)
			.list()
			.ofMaxSize(6)
			.uniqueElements(Element::token);
	}

	@Property(tries = 3000)
	void neverChoosesACodingTheClientExcluded(@ForAll("acceptEncodings") List<Element> elements) {
		String header = String.join(", ", elements.stream().map(Element::toString).toList());
		AcceptEncoding acceptEncoding = new AcceptEncoding(List.of(ContentCoding.BR, ContentCoding.GZIP));

		ContentCoding chosen = acceptEncoding.choose(header, Set.of(ContentCoding.BR, ContentCoding.GZIP));

		if (chosen != ContentCoding.IDENTITY) {
			List<Element> naming = new ArrayList<>();
			for (Element element : elements) {
				boolean names = element.token().equals(chosen.token())
						|| (chosen == ContentCoding.GZIP && element.token().equals("x-gzip"));
				if (names) {
					naming.add(element);
				}
			}
			if (naming.isEmpty()) {
				assertThat(elements).as("a coding not named needs a non-zero *")
					.anySatisfy(e -> assertThat(e.token().equals("*") && !e.excludes()).isTrue());
			}
			else {
				assertThat(naming).as("header %s chose %s", header, chosen)
					.anySatisfy(e -> assertThat(e.excludes()).isFalse());
			}
		}
	}

	@Property(tries = 1000)
	void anyAcceptEncodingTextIsHandled(@ForAll String header) {
		AcceptEncoding acceptEncoding = new AcceptEncoding(List.of(ContentCoding.BR, ContentCoding.GZIP));

		assertThat(acceptEncoding.choose(header, Set.of(ContentCoding.BR, ContentCoding.GZIP))).isNotNull();
	}

}

package dev.staticflux.compression;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.staticflux.files.ContentCoding;

import static dev.staticflux.files.ContentCoding.BR;
import static dev.staticflux.files.ContentCoding.GZIP;
import static dev.staticflux.files.ContentCoding.IDENTITY;
import static dev.staticflux.files.ContentCoding.ZSTD;
import static org.assertj.core.api.Assertions.assertThat;

class CodingNegotiationTests {

	private static final List<ContentCoding> ALL = List.of(ZSTD, BR, GZIP);

	private static final Set<ContentCoding> NONE = Set.of();

	@Test
	void choosesTheServersFirstCodingAmongEqualQualities() {
		assertThat(choose(accepts(GZIP, 1, BR, 1, ZSTD, 1), NONE, ALL)).isEqualTo(ZSTD);
		assertThat(choose(accepts(GZIP, 1, BR, 1, ZSTD, 1), NONE, List.of(GZIP, BR, ZSTD))).isEqualTo(GZIP);
	}

	@Test
	void choosesTheClientsHighestQualityBeforeTheServersOrder() {
		assertThat(choose(accepts(ZSTD, 0.5f, BR, 0.9f, GZIP, 0.8f), NONE, ALL)).isEqualTo(BR);
	}

	@Test
	void neverChoosesACodingTheClientRefusesWithQZero() {
		assertThat(choose(accepts(ZSTD, 0, BR, 1), NONE, ALL)).isEqualTo(BR);
		assertThat(choose(accepts(ZSTD, 0, BR, 0, GZIP, 0), NONE, ALL)).isEqualTo(IDENTITY);
	}

	@Test
	void sendsIdentityToAClientThatAcceptsNoCodingOfThisFile() {
		assertThat(choose(AcceptedCodings.NONE, Set.of(BR), ALL)).isEqualTo(IDENTITY);
		assertThat(choose(accepts(GZIP, 1), NONE, List.of(ZSTD, BR))).isEqualTo(IDENTITY);
		assertThat(choose(accepts(GZIP, 1), NONE, List.of())).isEqualTo(IDENTITY);
	}

	@Test
	void prefersAPrecompressedVariantAmongEqualQualities() {
		assertThat(choose(accepts(GZIP, 1, BR, 1, ZSTD, 1), Set.of(GZIP), ALL)).isEqualTo(GZIP);
		assertThat(choose(accepts(GZIP, 1, BR, 1, ZSTD, 1), Set.of(GZIP, BR), ALL)).isEqualTo(BR);
	}

	@Test
	void choosesCompressionOnTheFlyWhenTheClientRatesItAboveTheVariant() {
		assertThat(choose(accepts(GZIP, 0.5f, ZSTD, 1), Set.of(GZIP), ALL)).isEqualTo(ZSTD);
	}

	@Test
	void variesWhenAnyCodingIsPossible() {
		assertThat(CodingNegotiation.varies(NONE, ALL)).isTrue();
		assertThat(CodingNegotiation.varies(Set.of(BR), List.of())).isTrue();
		assertThat(CodingNegotiation.varies(NONE, List.of())).isFalse();
	}

	/** Precompressed variants, by the default staticflux.precompressed order. */
	private static ContentCoding choose(AcceptedCodings accepted, Set<ContentCoding> variants,
			List<ContentCoding> onTheFly) {
		return CodingNegotiation.choose(accepted, List.of(BR, ZSTD, GZIP), variants, onTheFly);
	}

	/** Quality values by coding, from pairs; codings not named are not acceptable. */
	private static AcceptedCodings accepts(Object... pairs) {
		Map<ContentCoding, Float> qualities = new EnumMap<>(ContentCoding.class);
		for (int i = 0; i < pairs.length; i += 2) {
			qualities.put((ContentCoding) pairs[i], ((Number) pairs[i + 1]).floatValue());
		}
		return coding -> qualities.getOrDefault(coding, 0f);
	}

}

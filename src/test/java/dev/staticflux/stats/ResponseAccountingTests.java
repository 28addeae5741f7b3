package dev.staticflux.stats;

import org.junit.jupiter.api.Test;

import static dev.staticflux.stats.ResponseAccounting.bodyBytes;
import static org.assertj.core.api.Assertions.assertThat;

class ResponseAccountingTests {

	@Test
	void aResponseWithABodyCountsItsLength() {
		assertThat(bodyBytes("GET", "200", 1234)).isEqualTo(1234);
		assertThat(bodyBytes("GET", "206", 100)).isEqualTo(100);
		assertThat(bodyBytes("GET", "404", 57)).isEqualTo(57);
		assertThat(bodyBytes("POST", "405", 0)).isZero();
	}

	@Test
	void aHeadResponseSendsNoBodyWhateverItsContentLength() {
		assertThat(bodyBytes("HEAD", "200", 1234)).isZero();
	}

	@Test
	void notModifiedNoContentAndInformationalResponsesSendNoBody() {
		assertThat(bodyBytes("GET", "304", 1234)).isZero();
		assertThat(bodyBytes("GET", "204", 10)).isZero();
		assertThat(bodyBytes("GET", "101", 10)).isZero();
	}

	@Test
	void anUnknownLengthCountsAsZero() {
		assertThat(bodyBytes("GET", "200", -1)).isZero();
		assertThat(bodyBytes(null, "400", -1)).isZero();
	}

}

package dev.staticflux.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AddressBlockTests {

	@ParameterizedTest
	@CsvSource({ "10.0.0.0/8, 10.255.3.4, true", "10.0.0.0/8, 11.0.0.1, false", "172.16.0.0/12, 172.31.255.255, true",
			"172.16.0.0/12, 172.32.0.1, false", "192.168.0.0/16, 192.168.1.1, true", "127.0.0.0/8, 127.0.0.1, true",
			"127.0.0.1, 127.0.0.1, true", "127.0.0.1, 127.0.0.2, false", "0.0.0.0/0, 8.8.8.8, true",
			"::1/128, ::1, true", "::1/128, ::2, false", "fc00::/7, fd12:3456::1, true", "fc00::/7, fe80::1, false",
			"::/0, 2001:db8::1, true", "::/0, 10.0.0.1, false", "10.0.0.0/8, ::ffff:10.1.2.3, true",
			"10.0.0.0/8, ::1, false", "2001:db8::/32, 2001:db8:ffff::1, true" })
	void containsTheAddressesOfItsPrefix(String block, String address, boolean contained) throws UnknownHostException {
		assertThat(AddressBlock.parse(block).contains(InetAddress.getByName(address))).isEqualTo(contained);
	}

	@ParameterizedTest
	@ValueSource(strings = { "localhost", "example.com/8", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/-1",
			"10.0.0.0/8/8", "10.0.0.1/8", "fc00::1/7", "300.0.0.0/8", "", "10.0.0.0/ 8", "10.0.0.0/0x8" })
	void refusesWhatIsNotABlock(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> AddressBlock.parse(text));
	}

	@Test
	void neverContainsAMissingAddress() {
		assertThat(AddressBlock.parse("0.0.0.0/0").contains(null)).isFalse();
	}

	@Test
	void printsAsCidr() {
		assertThat(AddressBlock.parse(" 192.168.0.0/16 ")).hasToString("192.168.0.0/16");
		assertThat(AddressBlock.parse("::ffff:10.0.0.0/8")).isEqualTo(AddressBlock.parse("10.0.0.0/8"));
	}

}

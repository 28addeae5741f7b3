package dev.staticflux.stats;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressTests {

	private final ClientAddress client = new ClientAddress();

	private final FakeAccessLogArgs response = new FakeAccessLogArgs();

	@Test
	void writesEachClientsOwnAddressWhenClientsAlternate() {
		assertThat(client.of(from("192.0.2.7"))).isEqualTo("192.0.2.7");
		assertThat(client.of(from("192.0.2.7"))).isEqualTo("192.0.2.7");
		assertThat(client.of(from("198.51.100.1"))).isEqualTo("198.51.100.1");
		assertThat(client.of(from("192.0.2.7"))).isEqualTo("192.0.2.7");
		assertThat(client.of(from("2001:db8::1"))).isEqualTo("2001:db8:0:0:0:0:0:1");
	}

	/**
	 * Two link-local addresses that differ only in their scope are equal as addresses but
	 * not as text.
	 */
	@Test
	void keepsTheScopeOfEachLinkLocalAddress() throws UnknownHostException {
		byte[] linkLocal = InetAddress.getByName("fe80::1").getAddress();

		response.remoteAddress = new InetSocketAddress(Inet6Address.getByAddress(null, linkLocal, 1), 1);
		assertThat(client.of(response)).isEqualTo("fe80:0:0:0:0:0:0:1%1");
		response.remoteAddress = new InetSocketAddress(Inet6Address.getByAddress(null, linkLocal, 2), 1);
		assertThat(client.of(response)).isEqualTo("fe80:0:0:0:0:0:0:1%2");
		response.remoteAddress = new InetSocketAddress(InetAddress.getByAddress(linkLocal), 1);
		assertThat(client.of(response)).isEqualTo("fe80:0:0:0:0:0:0:1");
	}

	@Test
	void writesAnUnresolvedClientByName() {
		response.remoteAddress = InetSocketAddress.createUnresolved("client.example", 1);

		assertThat(client.of(response)).isEqualTo("client.example");
	}

	@Test
	void writesADashWithoutAddress() {
		response.remoteAddress = null;

		assertThat(client.of(response)).isEqualTo("-");
	}

	private FakeAccessLogArgs from(String ip) {
		response.remoteAddress = new InetSocketAddress(ip, 40000);
		return response;
	}

}

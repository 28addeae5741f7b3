package dev.staticflux.netty;

import org.junit.jupiter.api.Test;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Reactor Netty settings that change what Reactor Netty does to a response keep the
 * {@link DirectResponder} out; the server as Boot builds it by default does not.
 */
class DirectResponderInstallationTests {

	@Test
	void isInstalledOnAServerWithReactorNettysDefaults() {
		assertThat(NettyAdapterConfiguration.settingsThatNeedReactorNetty(HttpServer.create().configuration()))
			.isEmpty();
	}

	@Test
	void staysOutWhenReactorNettyCompressesResponses() {
		assertThat(NettyAdapterConfiguration
			.settingsThatNeedReactorNetty(HttpServer.create().compress(true).configuration())).singleElement()
			.asString()
			.contains("server.compression");
	}

	@Test
	void staysOutWhenForwardedHeadersNameTheClient() {
		assertThat(NettyAdapterConfiguration
			.settingsThatNeedReactorNetty(HttpServer.create().forwarded(true).configuration())).singleElement()
			.asString()
			.contains("server.forward-headers-strategy");
	}

	@Test
	void staysOutWhenConnectionsServeABoundedNumberOfRequests() {
		assertThat(NettyAdapterConfiguration
			.settingsThatNeedReactorNetty(HttpServer.create().maxKeepAliveRequests(100).configuration()))
			.singleElement()
			.asString()
			.contains("max-keep-alive-requests");
	}

}

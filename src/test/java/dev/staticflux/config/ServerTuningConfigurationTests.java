package dev.staticflux.config;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.Test;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;

import static org.assertj.core.api.Assertions.assertThat;

class ServerTuningConfigurationTests {

	@Test
	void leavesTcpNoDelayToTheSocketConfigurationNettyCreatesEachChannelWith() {
		NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory();
		new ServerTuningConfiguration().staticfluxSocketOptions().customize(factory);
		HttpServer server = HttpServer.create();
		assertThat(server.configuration().childOptions().get(ChannelOption.TCP_NODELAY)).isEqualTo(Boolean.TRUE);
		for (NettyServerCustomizer customizer : factory.getServerCustomizers()) {
			server = customizer.apply(server);
		}

		assertThat(server.configuration().childOptions()).doesNotContainKey(ChannelOption.TCP_NODELAY);
		assertThat(tcpNoDelay(new NioSocketChannel())).isTrue();
		if (Epoll.isAvailable()) {
			assertThat(tcpNoDelay(new EpollSocketChannel())).isTrue();
		}
	}

	private static boolean tcpNoDelay(SocketChannel channel) {
		try {
			return channel.config().isTcpNoDelay();
		}
		finally {
			close(channel);
		}
	}

	private static void close(Channel channel) {
		channel.unsafe().closeForcibly();
	}

}

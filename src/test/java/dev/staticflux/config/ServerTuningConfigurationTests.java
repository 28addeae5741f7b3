package dev.staticflux.config;

import java.util.function.Consumer;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.Test;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

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

	@Test
	void acceptsConnectionsOnASelectorThreadOfItsOwnByDefault() {
		withLoops(false, loops -> {
			assertThat(loops.onServerSelect(true)).isNotSameAs(loops.onServer(true));
			assertThat(loops.onServerSelect(true)).hasSize(1);
			assertThat(loops.onServer(true)).hasSize(2);
		});
	}

	@Test
	void acceptsConnectionsOnTheEventLoopsWhenConfiguredTo() {
		withLoops(true, loops -> {
			assertThat(loops.onServerSelect(true)).isSameAs(loops.onServer(true));
			assertThat(loops.onServer(true)).hasSize(2);
		});
	}

	private static void withLoops(boolean acceptOnEventLoops, Consumer<LoopResources> check) {
		LoopResources loops = ServerTuningConfiguration.loopResources(2, acceptOnEventLoops);
		try {
			check.accept(loops);
		}
		finally {
			loops.disposeLater().block();
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

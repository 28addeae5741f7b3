package dev.staticflux.http3;

import java.net.SocketAddress;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.jspecify.annotations.Nullable;
import reactor.netty.ConnectionObserver;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

/**
 * Advertises the HTTP/3 listener on every response of the TCP server with
 * {@code Alt-Svc: h3=":<port>"; ma=<s>} (RFC 7838 §3; RFC 9114 §3.1.1), whichever route
 * produced the response: the fast path, WebFlux, or Reactor Netty's own answer to a
 * malformed request. It is a Netty handler on each connection, in front of the HTTP
 * codec, so it sees each response head as the codec is handed it:
 * <ul>
 * <li>HTTP/1.1: an {@link HttpResponse}, right after the HTTP/1.1 codec;</li>
 * <li>HTTP/2: each stream's {@link Http2HeadersFrame} on the connection, right before the
 * stream multiplexer (header names are lower case there, RFC 9113 §8.2.2).</li>
 * </ul>
 * With TLS and ALPN, which of the two a connection speaks is known only after the
 * handshake, so a small handler waits for the handshake's end (or the first bytes ALPN
 * buffered before it) and then installs the right one. Interim (1xx) responses and
 * trailers carry no {@code Alt-Svc}, and a header already set is left as it is. The value
 * is asked for per response: {@code null} while the HTTP/3 listener is not listening,
 * e.g. once it has begun to shut down, so that clients are not sent to a port that no
 * longer answers.
 */
final class AltSvcAdvertisement implements NettyServerCustomizer {

	private static final String HANDLER = "staticflux.altSvc";

	private static final String NEGOTIATION_WATCH = "staticflux.altSvcAfterAlpn";

	private final AltSvcHeader header;

	/**
	 * @param value the header's value now, e.g. {@code h3=":8443"; ma=86400};
	 * {@code null} for none
	 */
	AltSvcAdvertisement(Supplier<@Nullable String> value) {
		this.header = new AltSvcHeader(value);
	}

	@Override
	public HttpServer apply(HttpServer server) {
		return server.doOnChannelInit(this::initialized);
	}

	private void initialized(ConnectionObserver observer, Channel channel, @Nullable SocketAddress remote) {
		ChannelPipeline pipeline = channel.pipeline();
		if (pipeline.get(NettyPipeline.HttpCodec) != null) {
			install(pipeline);
		}
		else if (pipeline.get(NettyPipeline.H2OrHttp11Codec) != null) {
			pipeline.addAfter(NettyPipeline.H2OrHttp11Codec, NEGOTIATION_WATCH, new AfterNegotiation());
		}
	}

	/**
	 * Installs the handler for the protocol the connection's pipeline now has; none for
	 * anything else.
	 */
	private void install(ChannelPipeline pipeline) {
		if (pipeline.get(HANDLER) != null) {
			return;
		}
		if (pipeline.get(NettyPipeline.H2MultiplexHandler) != null) {
			pipeline.addBefore(NettyPipeline.H2MultiplexHandler, HANDLER, header);
		}
		else if (pipeline.get(NettyPipeline.HttpCodec) != null) {
			pipeline.addAfter(NettyPipeline.HttpCodec, HANDLER, header);
		}
	}

	/**
	 * Sits after the ALPN handler, which configures the pipeline when the handshake ends,
	 * then passes on the bytes it buffered meanwhile, then the handshake event: whichever
	 * of the two reaches this handler first finds the pipeline configured.
	 */
	private final class AfterNegotiation extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object message) {
			negotiated(ctx);
			ctx.fireChannelRead(message);
		}

		@Override
		public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
			if (event instanceof SslHandshakeCompletionEvent completion && completion.isSuccess()) {
				negotiated(ctx);
			}
			ctx.fireUserEventTriggered(event);
		}

		private void negotiated(ChannelHandlerContext ctx) {
			if (ctx.pipeline().get(NettyPipeline.H2OrHttp11Codec) == null) {
				install(ctx.pipeline());
				ctx.pipeline().remove(this);
			}
		}

	}

	/**
	 * Sets the header on a response head of either protocol; shared by all connections.
	 */
	@Sharable
	private static final class AltSvcHeader extends ChannelOutboundHandlerAdapter {

		private final Supplier<@Nullable String> value;

		AltSvcHeader(Supplier<@Nullable String> value) {
			this.value = value;
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) throws Exception {
			if (message instanceof HttpResponse response && response.status().code() >= 200) {
				advertise(response.headers()::contains, response.headers()::set);
			}
			else if (message instanceof Http2HeadersFrame frame && frame.headers().status() != null
					&& frame.headers().status().charAt(0) != '1') {
				advertise(frame.headers()::contains, frame.headers()::set);
			}
			ctx.write(message, promise);
		}

		private void advertise(Predicate<CharSequence> has, BiConsumer<CharSequence, CharSequence> set) {
			String altSvc = value.get();
			if (altSvc != null && !has.test(HttpHeaderNames.ALT_SVC)) {
				set.accept(HttpHeaderNames.ALT_SVC, altSvc);
			}
		}

	}

}

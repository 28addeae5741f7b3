package dev.staticflux.connection;

import java.net.SocketAddress;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.jspecify.annotations.Nullable;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

import dev.staticflux.config.StaticFluxProperties;

/**
 * Every connection guard of one server, the file server's and the management server's
 * alike:
 * <ul>
 * <li>all connections: the idle timeout ({@code staticflux.timeouts.idle}) and the send
 * timeout ({@link SendTimeout}, also on each HTTP/2 stream);</li>
 * <li>HTTP/1.1, in clear or over TLS: the request-header timeout
 * ({@link RequestHeaderTimeout}), the head checks ({@link RequestHeadCheck}, with
 * {@link RequestLineRecorder}), the pipelining close ({@link PipelinedClose}), the
 * body-framing guard ({@link BodyFramingGuard}) and the writability gate that keeps
 * response bodies from piling up in memory for a client that does not read
 * ({@link WritabilityGate}): the {@link Http11Guards}, two handlers around the HTTP/1.1
 * codec;</li>
 * <li>HTTP/2: at most {@code staticflux.http2.max-concurrent-streams} streams and
 * {@code staticflux.http2.max-header-list-size} of headers, Netty's limit on
 * {@code RST_STREAM} frames a client may cause ({@value #MAX_RESETS} per
 * {@value #RESET_WINDOW_SECONDS} s, against the rapid-reset attack, CVE-2023-44487), and
 * a header block that must be complete within the request-header timeout
 * ({@link HeaderBlockTimeout}).</li>
 * </ul>
 * With TLS and HTTP/2 both on, the protocol is chosen by ALPN after the handshake, when
 * the pipeline has no codec yet: the guards for the chosen protocol are installed then.
 * With HTTP/2 in cleartext, the HTTP/1.1 codec appears when the channel is registered,
 * and the HTTP/1.1 guards leave when the connection switches to h2c. The decoder's own
 * limits (request line: 414, header block: 431) are Boot's
 * {@code server.netty.max-initial-line-length} and
 * {@code server.max-http-request-header-size}.
 */
public final class ConnectionGuards implements NettyServerCustomizer {

	/**
	 * The field that carries, on Netty's stand-in for an HTTP/1.x head it could not parse
	 * ({@code GET /bad-request HTTP/1.0}), the request line as received, as lowercase hex
	 * of its bytes (a field value may not hold the control characters a hostile line
	 * can); empty when nothing line-like arrived. Set by {@link RequestHeadCheck},
	 * removed from every request that parsed, read by the access log.
	 */
	public static final String UNPARSED_HEAD = "x-staticflux-unparsed-head";

	/**
	 * Netty's default, stated: a client that makes the server reset more streams than
	 * this is sent GOAWAY.
	 */
	static final int MAX_RESETS = 200;

	static final int RESET_WINDOW_SECONDS = 30;

	private final StaticFluxProperties.Timeouts timeouts;

	private final StaticFluxProperties.Http2 http2;

	private final SlowClients slowClients;

	public ConnectionGuards(StaticFluxProperties.Timeouts timeouts, StaticFluxProperties.Http2 http2,
			SlowClients slowClients) {
		this.timeouts = timeouts;
		this.http2 = http2;
		this.slowClients = slowClients;
	}

	@Override
	public HttpServer apply(HttpServer server) {
		return server.idleTimeout(timeouts.idle())
			.http2Settings(settings -> settings.maxConcurrentStreams(http2.maxConcurrentStreams())
				.maxHeaderListSize(http2.maxHeaderListSize().toBytes())
				.maxDecodedRstFramesPerWindow(MAX_RESETS, RESET_WINDOW_SECONDS))
			.doOnChannelInit(this::initialize)
			.doOnConnection(this::streamOpened);
	}

	/**
	 * An HTTP/2 stream's channel is set up without the channel-init hook; Reactor Netty
	 * reports it as a connection of its own, before its request is handled.
	 */
	private void streamOpened(Connection connection) {
		Channel channel = connection.channel();
		if (channel instanceof Http2StreamChannel && channel.pipeline().get(SendTimeout.NAME) == null) {
			channel.pipeline().addFirst(SendTimeout.NAME, new SendTimeout(timeouts.send(), slowClients, true));
		}
	}

	private void initialize(ConnectionObserver observer, Channel channel, @Nullable SocketAddress remote) {
		ChannelPipeline pipeline = channel.pipeline();
		pipeline.addFirst(SendTimeout.NAME, new SendTimeout(timeouts.send(), slowClients, false));
		if (installForCodec(pipeline)) {
			return;
		}
		if (pipeline.get(NettyPipeline.H2OrHttp11Codec) != null) {
			pipeline.addAfter(NettyPipeline.H2OrHttp11Codec, ProtocolChosen.NAME, new ProtocolChosen());
		}
		else if (pipeline.get(NettyPipeline.H2CUpgradeHandler) != null) {
			pipeline.addAfter(NettyPipeline.H2CUpgradeHandler, CleartextCodecAdded.NAME, new CleartextCodecAdded());
		}
	}

	/**
	 * Installs the guards for the codec the pipeline has; {@code false} when it has none
	 * yet.
	 */
	private boolean installForCodec(ChannelPipeline pipeline) {
		ChannelHandlerContext http11 = pipeline.context(HttpServerCodec.class);
		if (http11 != null) {
			Http11Guards.install(pipeline, http11.name(), timeouts.requestHeader());
			return true;
		}
		Object codec = pipeline.get(NettyPipeline.HttpCodec);
		if (codec != null) {
			pipeline.addBefore(NettyPipeline.HttpCodec, HeaderBlockTimeout.NAME,
					new HeaderBlockTimeout(timeouts.requestHeader()));
			return true;
		}
		return false;
	}

	/**
	 * Waits for the cleartext HTTP/2 handler ({@code server.http2.enabled} without TLS)
	 * to put its HTTP/1.1 codec in place, which it does, under a name of its own, when
	 * the channel is registered, just before this handler's turn.
	 */
	private final class CleartextCodecAdded extends ChannelInboundHandlerAdapter {

		static final String NAME = "staticflux.cleartextCodecAdded";

		@Override
		public void handlerAdded(ChannelHandlerContext ctx) {
			installForCodec(ctx.pipeline());
			ctx.pipeline().remove(this);
		}

	}

	/**
	 * Waits for ALPN: Reactor Netty's negotiation handler, just before this one, puts the
	 * chosen codec in place when the TLS handshake completes and then passes the event
	 * on.
	 */
	private final class ProtocolChosen extends ChannelInboundHandlerAdapter {

		static final String NAME = "staticflux.protocolChosen";

		@Override
		public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
			if (event instanceof SslHandshakeCompletionEvent handshake && handshake.isSuccess()) {
				installForCodec(ctx.pipeline());
				ctx.pipeline().remove(this);
			}
			ctx.fireUserEventTriggered(event);
		}

	}

}

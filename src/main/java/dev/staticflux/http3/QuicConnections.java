package dev.staticflux.http3;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http3.DefaultHttp3GoAwayFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ConnectionObserver;
import reactor.netty.NettyPipeline;

/**
 * The QUIC connections of the HTTP/3 listener: bounds their number, counts the handshakes
 * in progress (which decide when {@link RetryTokens} asks for address validation) and
 * drains them on shutdown.
 * <ul>
 * <li>A connection beyond {@code maxConnections}, or one that arrives while draining, is
 * closed at once with the transport error {@code CONNECTION_REFUSED} (RFC 9000 §20.1), so
 * that its client falls back to TCP without waiting for a timeout.</li>
 * <li>A handshake is in progress from the connection's initialisation to its TLS
 * handshake's end or its close, whichever comes first.</li>
 * <li>Draining (RFC 9114 §5.2): each connection is sent a {@code GOAWAY} carrying the
 * largest client stream ID, which tells the client to open no new request streams while
 * the ones in flight finish; a connection is closed with {@code H3_NO_ERROR}
 * {@link #CLOSE_LINGER} after it has no request stream open.</li>
 * </ul>
 * Netty's QUIC codec serves all connections of one UDP socket on that socket's event
 * loop; the counters are atomic all the same, because the drain starts on the thread that
 * stops the application.
 */
final class QuicConnections {

	private static final Log logger = LogFactory.getLog(QuicConnections.class);

	/** RFC 9000 §20.1. */
	static final int CONNECTION_REFUSED = 0x02;

	/** RFC 9114 §8.1. */
	static final int H3_NO_ERROR = 0x100;

	/**
	 * How long a drained connection stays open after its last request stream has closed:
	 * a stream closes once its last bytes are handed to QUIC, not once the client has
	 * acknowledged them, and a CONNECTION_CLOSE discards whatever is still unacknowledged
	 * (RFC 9000 §10.2).
	 */
	static final Duration CLOSE_LINGER = Duration.ofSeconds(1);

	/**
	 * The largest client-initiated bidirectional stream ID (RFC 9000 §2.1: a multiple of
	 * 4 below 2^62).
	 */
	static final long LAST_CLIENT_STREAM_ID = (1L << 62) - 4;

	private static final String HANDLER = "staticflux.quicConnection";

	private final int maxConnections;

	private final Set<QuicChannel> open = ConcurrentHashMap.newKeySet();

	private final AtomicInteger handshakes = new AtomicInteger();

	private volatile boolean draining;

	QuicConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	/**
	 * For {@code HttpServer.doOnChannelInit}: the HTTP/3 listener initialises each QUIC
	 * connection here.
	 */
	void initialized(ConnectionObserver observer, Channel channel, @Nullable SocketAddress remote) {
		if (!(channel instanceof QuicChannel quic)) {
			return;
		}
		if (draining || !open.add(quic) || open.size() > maxConnections) {
			open.remove(quic);
			logger.debug("Refusing a QUIC connection from " + quic.remoteSocketAddress() + (draining ? ": shutting down"
					: ": " + maxConnections + " connections open (staticflux.http3.max-connections)"));
			// After the client's first packet: the codec initialises the connection
			// before reading it, and cannot
			// send a CONNECTION_CLOSE before it has the packet's keys.
			quic.eventLoop().execute(() -> quic.close(false, CONNECTION_REFUSED, Unpooled.EMPTY_BUFFER));
			return;
		}
		ConnectionState state = new ConnectionState(quic);
		handshakes.incrementAndGet();
		if (quic.pipeline().get(NettyPipeline.HttpCodec) != null) {
			quic.pipeline().addBefore(NettyPipeline.HttpCodec, HANDLER, state);
		}
		else {
			quic.pipeline().addFirst(HANDLER, state);
		}
		quic.closeFuture().addListener(closed -> {
			state.handshakeEnded();
			open.remove(quic);
		});
	}

	/** QUIC connections open now, handshakes included. */
	int open() {
		return open.size();
	}

	/** TLS handshakes begun and not yet ended. */
	int handshakesInProgress() {
		return handshakes.get();
	}

	/**
	 * Refuses new connections, sends {@code GOAWAY} to the open ones and completes when
	 * all of them have closed or {@code timeout} has passed, whichever is first; the
	 * caller then closes the UDP socket, and with it any connection still open.
	 */
	Mono<Void> drain(Duration timeout) {
		draining = true;
		return Flux.fromIterable(Set.copyOf(open)).flatMap(quic -> {
			ConnectionState state = (ConnectionState) quic.pipeline().get(HANDLER);
			if (state != null) {
				quic.eventLoop().execute(state::goAway);
			}
			return closed(quic);
		}).then().timeout(timeout, Mono.empty());
	}

	private static Mono<Void> closed(Channel channel) {
		return Mono.create(sink -> channel.closeFuture().addListener(closed -> sink.success()));
	}

	/**
	 * One connection's handshake and request streams; runs on the connection's event
	 * loop.
	 */
	private final class ConnectionState extends ChannelInboundHandlerAdapter {

		private final QuicChannel quic;

		private boolean handshaking = true;

		private int requestStreams;

		private boolean goingAway;

		ConnectionState(QuicChannel quic) {
			this.quic = quic;
		}

		@Override
		public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
			if (event instanceof SslHandshakeCompletionEvent) {
				handshakeEnded();
			}
			ctx.fireUserEventTriggered(event);
		}

		/**
		 * A stream the client opened reaches the connection's pipeline as a message,
		 * before the HTTP/3 codec.
		 */
		@Override
		public void channelRead(ChannelHandlerContext ctx, Object message) {
			if (message instanceof QuicStreamChannel stream && stream.type() == QuicStreamType.BIDIRECTIONAL) {
				requestStreams++;
				stream.closeFuture().addListener(closed -> streamClosed());
			}
			ctx.fireChannelRead(message);
		}

		void handshakeEnded() {
			if (handshaking) {
				handshaking = false;
				handshakes.decrementAndGet();
			}
		}

		void goAway() {
			if (goingAway || !quic.isActive()) {
				return;
			}
			goingAway = true;
			QuicStreamChannel control = Http3.getLocalControlStream(quic);
			if (control != null) {
				control.writeAndFlush(new DefaultHttp3GoAwayFrame(LAST_CLIENT_STREAM_ID));
			}
			closeIfIdle();
		}

		private void streamClosed() {
			requestStreams--;
			closeIfIdle();
		}

		private void closeIfIdle() {
			if (goingAway && requestStreams == 0) {
				quic.eventLoop()
					.schedule(() -> quic.close(true, H3_NO_ERROR, Unpooled.EMPTY_BUFFER), CLOSE_LINGER.toMillis(),
							TimeUnit.MILLISECONDS);
			}
		}

	}

}

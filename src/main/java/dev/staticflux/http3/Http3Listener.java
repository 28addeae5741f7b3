package dev.staticflux.http3;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;

/**
 * The QUIC listener: binds the HTTP/3 server on the TCP server's port number over UDP
 * once the TCP server has started (a random {@code server.port=0} included), and stops it
 * with the TCP server's graceful shutdown, in the same lifecycle phase: new connections
 * are refused, open ones are drained (see {@link QuicConnections#drain}) for at most
 * {@code spring.lifecycle.timeout-per-shutdown-phase}, then the socket is closed. With
 * {@code server.shutdown=immediate} the socket is closed at once. A port already taken
 * over UDP stops the start-up.
 */
final class Http3Listener implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(Http3Listener.class);

	private static final Duration BIND_TIMEOUT = Duration.ofSeconds(30);

	private final HttpServer server;

	private final ObjectProvider<HttpHandler> httpHandler;

	private final WebServerApplicationContext context;

	private final @Nullable InetAddress address;

	private final QuicConnections connections;

	private final Duration altSvcMaxAge;

	private final Duration drainTimeout;

	private volatile @Nullable DisposableServer bound;

	private volatile @Nullable String altSvc;

	/**
	 * @param server the configured HTTP/3 server, not yet bound
	 * @param httpHandler WebFlux's handler, the TCP server's, looked up when the listener
	 * starts
	 * @param context the context whose web server's port is taken
	 * @param address {@code server.address}, or {@code null} for every interface
	 * @param connections the server's connections, drained on stop
	 * @param altSvcMaxAge the {@code ma} of the {@code Alt-Svc} advertisement
	 * @param drainTimeout how long a graceful stop waits for open connections; zero for
	 * an immediate stop
	 */
	Http3Listener(HttpServer server, ObjectProvider<HttpHandler> httpHandler, WebServerApplicationContext context,
			@Nullable InetAddress address, QuicConnections connections, Duration altSvcMaxAge, Duration drainTimeout) {
		this.server = server;
		this.httpHandler = httpHandler;
		this.context = context;
		this.address = address;
		this.connections = connections;
		this.altSvcMaxAge = altSvcMaxAge;
		this.drainTimeout = drainTimeout;
	}

	@Override
	public void start() {
		// the TCP server has started: this listener starts after it, in its
		// graceful-shutdown phase
		int port = Objects.requireNonNull(context.getWebServer(), "the web server, started before HTTP/3").getPort();
		InetSocketAddress socket = (address != null) ? new InetSocketAddress(address, port)
				: new InetSocketAddress(port);
		try {
			bound = server.handle(new ReactorHttpHandlerAdapter(httpHandler.getObject()))
				.bindAddress(() -> socket)
				.bindNow(BIND_TIMEOUT);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("staticflux.http3.enabled: cannot listen on UDP " + socket
					+ " (expected: the TCP server's port number free over UDP)", ex);
		}
		altSvc = "h3=\":" + port + "\"; ma=" + altSvcMaxAge.toSeconds();
		logger.info("HTTP/3 (QUIC) listening on UDP port " + port);
	}

	/** The {@code Alt-Svc} value for TCP responses; {@code null} when not listening. */
	@Nullable String altSvc() {
		return altSvc;
	}

	/** The UDP port listened on; -1 when not listening. */
	int port() {
		DisposableServer current = bound;
		return (current != null) ? current.port() : -1;
	}

	@Override
	public void stop(Runnable callback) {
		altSvc = null;
		DisposableServer current = bound;
		if (current == null) {
			callback.run();
			return;
		}
		connections.drain(drainTimeout).then(Mono.defer(() -> {
			current.dispose();
			return current.onDispose();
		})).doFinally(signal -> {
			bound = null;
			callback.run();
		}).subscribe(null, ex -> logger.warn("HTTP/3 listener did not stop cleanly", ex));
	}

	@Override
	public void stop() {
		altSvc = null;
		DisposableServer current = bound;
		if (current != null) {
			current.disposeNow();
			bound = null;
		}
	}

	@Override
	public boolean isRunning() {
		return bound != null;
	}

	/**
	 * The phase of the TCP server's graceful shutdown: starts after the web server, stops
	 * beside its drain.
	 */
	@Override
	public int getPhase() {
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE;
	}

}

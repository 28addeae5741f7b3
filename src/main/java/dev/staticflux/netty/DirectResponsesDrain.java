package dev.staticflux.netty;

import java.time.Duration;

import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Graceful shutdown for the responses {@link DirectResponder}s are sending: Boot's
 * graceful shutdown waits for the requests Reactor Netty is handling, and these are not
 * among them. This phase comes after that one (the port is closed, idle connections are
 * closed) and before the web server stops: it waits until every response taken below
 * Reactor Netty is sent, or the phase's timeout
 * ({@code spring.lifecycle.timeout-per-shutdown-phase}) passes, whichever is first. Each
 * connection holds its close back until its responses are sent (see
 * {@link DirectResponder#close}).
 */
final class DirectResponsesDrain implements SmartLifecycle {

	private static final Duration POLL = Duration.ofMillis(10);

	private final NettyFileRoute route;

	private volatile boolean running;

	DirectResponsesDrain(NettyFileRoute route) {
		this.route = route;
	}

	@Override
	public void start() {
		running = true;
	}

	@Override
	public void stop() {
		running = false;
	}

	/** Waits on a thread of its own, never on the thread that stops the context. */
	@Override
	public void stop(Runnable callback) {
		running = false;
		if (route.respondingFromCodec() == 0) {
			callback.run();
			return;
		}
		Thread waiting = new Thread(() -> {
			try {
				while (route.respondingFromCodec() > 0) {
					Thread.sleep(POLL.toMillis());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				callback.run();
			}
		}, "staticflux-drain-direct-responses");
		waiting.setDaemon(true);
		waiting.start();
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** After Boot's graceful shutdown, before the web server stops. */
	@Override
	public int getPhase() {
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 512;
	}

}

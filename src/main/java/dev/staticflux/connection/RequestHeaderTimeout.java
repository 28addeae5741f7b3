package dev.staticflux.connection;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * Slowloris protection for one HTTP/1.1 connection: the request line and headers must
 * arrive whole within {@code staticflux.timeouts.request-header}, or the connection is
 * closed without an answer.
 *
 * <p>
 * Reactor Netty's own timeouts do not cover this: its idle timeout is reset by every byte
 * read, so a client trickling one header byte at a time never trips it, and its
 * {@code readTimeout} and {@code requestTimeout} only start once the headers are in.
 *
 * <p>
 * The clock starts when the connection opens, and on a keep-alive connection when the
 * first byte of the next request arrives after every earlier request has been answered (a
 * silent keep-alive connection is left to the idle timeout). It stops when the HTTP codec
 * has decoded a request's head, including a head it rejected (Reactor Netty then answers
 * 4xx itself). The {@link Http11Guards} tell it what passes on each side of the codec:
 * raw bytes before it, decoded requests and the end of each response after it. Everything
 * runs on the connection's event loop, so the state needs no synchronisation.
 */
final class RequestHeaderTimeout {

	private final long timeoutNanos;

	/**
	 * Requests whose head was decoded and whose response has not been written to the end
	 * yet.
	 */
	private int unanswered;

	/** Whether a head is awaited against the clock, started at {@link #startedAt}. */
	private boolean running;

	private long startedAt;

	/**
	 * The one check scheduled for this connection, or {@code null}. Stopping the clock
	 * leaves it scheduled: when it runs it finds the clock stopped, or started again for
	 * a later head, which it then checks at that head's deadline. A keep-alive connection
	 * so schedules one check per timeout period instead of one per request, and its
	 * deadline is still exact.
	 */
	private @Nullable ScheduledFuture<?> check;

	RequestHeaderTimeout(Duration timeout) {
		this.timeoutNanos = timeout.toNanos();
	}

	/**
	 * Starts the clock, unless it runs already or a request is unanswered: when the
	 * connection opens and when bytes arrive.
	 */
	void start(ChannelHandlerContext ctx) {
		if (!running && unanswered == 0 && ctx.channel().isActive()) {
			running = true;
			startedAt = ctx.executor().ticker().nanoTime();
			if (check == null) {
				checkIn(ctx, timeoutNanos);
			}
		}
	}

	private void checkIn(ChannelHandlerContext ctx, long nanos) {
		check = ctx.executor().schedule(() -> check(ctx), nanos, TimeUnit.NANOSECONDS);
	}

	private void check(ChannelHandlerContext ctx) {
		check = null;
		if (!running) {
			return;
		}
		long left = startedAt + timeoutNanos - ctx.executor().ticker().nanoTime();
		if (left > 0) {
			checkIn(ctx, left);
			return;
		}
		running = false;
		ctx.channel().close();
	}

	/** Stops the clock: a request's head was decoded. */
	void headDecoded() {
		unanswered++;
		running = false;
	}

	/** A final response has been written to its end. */
	void responseEnded() {
		if (unanswered > 0) {
			unanswered--;
		}
	}

	/** Stops the clock for good: the connection closed or left HTTP/1.1. */
	void stop() {
		running = false;
		if (check != null) {
			check.cancel(false);
			check = null;
		}
	}

}

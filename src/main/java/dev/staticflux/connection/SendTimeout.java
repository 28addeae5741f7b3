package dev.staticflux.connection;

import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Closes a connection, or an HTTP/2 stream, whose client has accepted no byte of a
 * response for {@code staticflux.timeouts.send}, like nginx's {@code send_timeout}: the
 * timeout runs between two bytes accepted, not over the whole response, so a slow but
 * reading client is never cut.
 *
 * <p>
 * Reactor Netty's idle timeout is not armed while a response is being written, so without
 * this a client that asks for a large file and then reads nothing holds its connection,
 * its admission permit and whatever the response had buffered for as long as it likes.
 * Closing the channel cancels the response, which returns the permit and releases the
 * buffers.
 *
 * <p>
 * What "accepted" means depends on the channel:
 * <ul>
 * <li>A TCP connection (HTTP/1.1, TLS, or the connection under HTTP/2): bytes are waiting
 * in Netty's outbound buffer and neither the message at its head nor the progress within
 * it has moved. This sees a {@code sendfile} region advancing as well as buffers, and the
 * encrypted bytes TLS queues.</li>
 * <li>An HTTP/2 stream: writes to the stream have not completed. A stream whose
 * flow-control window the client keeps at zero holds its data in Netty's flow controller,
 * where the TCP connection's buffer never sees it; its writes then stay incomplete, and
 * the stream is reset.</li>
 * </ul>
 * The clock starts when a flush leaves bytes in the outbound buffer (on a stream: with
 * its first write) and is checked every quarter of the timeout, so a stalled response is
 * closed between 1 and 1.25 timeouts after its last byte was accepted. Nothing is
 * scheduled on a connection whose writes the socket takes at once, nor on one that is not
 * writing. Runs on the channel's event loop only.
 */
final class SendTimeout extends ChannelDuplexHandler {

	static final String NAME = "staticflux.sendTimeout";

	private final long timeoutNanos;

	private final long checkNanos;

	private final SlowClients slowClients;

	/**
	 * Whether this is an HTTP/2 stream, whose progress is seen from its writes' promises.
	 */
	private final boolean stream;

	private @Nullable ScheduledFuture<?> check;

	private long stalledSince;

	/** Stream only: writes not completed yet, and writes completed so far. */
	private int pendingWrites;

	private long completedWrites;

	/**
	 * What the last check saw: the outbound buffer's head and progress, or the completed
	 * writes of a stream.
	 */
	private @Nullable Object lastMessage;

	private long lastProgress;

	SendTimeout(Duration timeout, SlowClients slowClients, boolean stream) {
		this.timeoutNanos = timeout.toNanos();
		this.checkNanos = Math.max(timeoutNanos / 4, TimeUnit.MILLISECONDS.toNanos(10));
		this.slowClients = slowClients;
		this.stream = stream;
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (stream) {
			pendingWrites++;
			promise = promise.unvoid();
			promise.addListener(done -> {
				pendingWrites--;
				completedWrites++;
			});
		}
		ctx.write(msg, promise);
		if (stream && check == null) {
			arm(ctx);
		}
	}

	/**
	 * A TCP connection's clock starts only when a flush leaves bytes the socket did not
	 * take: a response that goes out whole at once (most of them) schedules nothing.
	 */
	@Override
	public void flush(ChannelHandlerContext ctx) {
		ctx.flush();
		if (!stream && check == null && pending(ctx)) {
			arm(ctx);
		}
	}

	private void arm(ChannelHandlerContext ctx) {
		stalledSince = ctx.executor().ticker().nanoTime();
		progressed(ctx);
		check = ctx.executor().schedule(() -> check(ctx), checkNanos, TimeUnit.NANOSECONDS);
	}

	private void check(ChannelHandlerContext ctx) {
		check = null;
		if (!ctx.channel().isActive() || !pending(ctx)) {
			return;
		}
		long now = ctx.executor().ticker().nanoTime();
		if (progressed(ctx)) {
			stalledSince = now;
		}
		else if (now - stalledSince >= timeoutNanos) {
			slowClients.abort();
			// from here toward the socket: no handler after this one may hold an abort
			// back
			ctx.close();
			return;
		}
		check = ctx.executor().schedule(() -> check(ctx), checkNanos, TimeUnit.NANOSECONDS);
	}

	private boolean pending(ChannelHandlerContext ctx) {
		if (stream) {
			return pendingWrites > 0;
		}
		ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
		return buffer != null && !buffer.isEmpty();
	}

	/** Whether anything moved since the last check; remembers what it saw. */
	private boolean progressed(ChannelHandlerContext ctx) {
		Object message;
		long progress;
		if (stream) {
			message = null;
			progress = completedWrites;
		}
		else {
			ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
			message = (buffer != null) ? buffer.current() : null;
			progress = (buffer != null && message != null) ? buffer.currentProgress() : 0;
		}
		boolean moved = message != lastMessage || progress != lastProgress;
		lastMessage = message;
		lastProgress = progress;
		return moved;
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		if (check != null) {
			check.cancel(false);
			check = null;
		}
	}

}

package dev.staticflux.connection;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.Deque;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

/**
 * Holds an HTTP/1.1 connection's writes back while the connection is not writable,
 * instead of letting them pile up below, in Netty's outbound buffer.
 *
 * <p>
 * Reactor Netty keeps writing a response body while the connection is unwritable (its
 * writability only decides when it flushes), and what it writes is copied into Netty's
 * outbound buffer (a heap buffer into direct memory; plaintext into ciphertext by TLS),
 * which frees the original. So a body source that produces only as fast as its buffers
 * are freed (the engine's file reads, see {@code OpenedFile#read}) saw them freed at once
 * and went on reading, for a client that read nothing: multi-range responses filled the
 * outbound buffers with about 5 MB each. Held here, above the codec and TLS, a write
 * frees nothing until the connection has drained below its low-water mark; what a
 * response can hold below this handler is then Netty's high-water mark (64 KB) plus one
 * write.
 *
 * <p>
 * Writes keep their order: once one is held, every later one queues behind it. A flush
 * passes at once for what was already handed on; the held writes are flushed when they
 * are let through. Nothing is held while the connection is writable, so the common case
 * costs one check. Runs on the connection's event loop only.
 */
final class WritabilityGate extends ChannelDuplexHandler {

	static final String NAME = "staticflux.writabilityGate";

	private final Deque<Object> held = new ArrayDeque<>();

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (held.isEmpty() && ctx.channel().isWritable()) {
			ctx.write(msg, promise);
			return;
		}
		held.add(msg);
		held.add(promise);
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		if (!held.isEmpty()) {
			while (!held.isEmpty() && ctx.channel().isWritable()) {
				ctx.write(held.poll(), (ChannelPromise) held.poll());
			}
			ctx.flush();
		}
		ctx.fireChannelWritabilityChanged();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		discard();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		discard();
	}

	private void discard() {
		while (!held.isEmpty()) {
			ReferenceCountUtil.release(held.poll());
			((ChannelPromise) held.poll()).tryFailure(new ClosedChannelException());
		}
	}

}

package dev.staticflux.connection;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BiConsumer;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

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
 * response can hold below this gate is then Netty's high-water mark (64 KB) plus one
 * write.
 *
 * <p>
 * Writes keep their order: once one is held, every later one queues behind it. A flush
 * passes at once for what was already handed on; the held writes are flushed when they
 * are let through. Nothing is held while the connection is writable, so the common case
 * costs one check. The first rule a write meets among the {@link Http11Guards}: a held
 * write reaches the others when it is let through.
 */
final class WritabilityGate {

	/**
	 * Messages and their promises, alternating, in order; created the first time a write
	 * is held.
	 */
	private @Nullable Deque<Object> held;

	/** Whether a write may pass now; if not, it is held. */
	boolean pass(Channel channel, Object msg, ChannelPromise promise) {
		Deque<Object> held = this.held;
		if ((held == null || held.isEmpty()) && channel.isWritable()) {
			return true;
		}
		if (held == null) {
			held = new ArrayDeque<>();
			this.held = held;
		}
		held.add(msg);
		held.add(promise);
		return false;
	}

	/**
	 * Lets held writes through, in order, while the connection is writable; whether any
	 * were held (the caller then flushes).
	 */
	boolean release(Channel channel, BiConsumer<Object, ChannelPromise> writer) {
		Deque<Object> held = this.held;
		if (held == null || held.isEmpty()) {
			return false;
		}
		while (!held.isEmpty() && channel.isWritable()) {
			writer.accept(held.poll(), (ChannelPromise) held.poll());
		}
		return true;
	}

	/** Releases what is held and fails its promises: the connection has gone. */
	void discard() {
		Deque<Object> held = this.held;
		while (held != null && !held.isEmpty()) {
			ReferenceCountUtil.release(held.poll());
			((ChannelPromise) held.poll()).tryFailure(new ClosedChannelException());
		}
	}

}

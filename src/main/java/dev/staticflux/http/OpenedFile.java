package dev.staticflux.http;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.ssl.SslHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

import dev.staticflux.files.Resolution;

/**
 * A file on disk opened for one response and checked to be the very version the
 * response's headers describe.
 *
 * <p>
 * The headers ({@code Content-Length}, {@code ETag}, {@code Last-Modified}) come from a
 * {@code stat} of the path; the bytes come from whatever file the path names when it is
 * opened. A file replaced by rename in between would pair one version's headers with the
 * other's bytes. So the path is opened first and then {@code stat}ed again: when that
 * shows the same identity (device and inode), size and time as the {@code stat} behind
 * the headers, the open descriptor is that version, because an atomic rename that had
 * swapped the path between the two calls would show a new inode. The descriptor then
 * serves the whole body, whatever happens to the path later (a rename, a delete); the
 * body is sent from it with {@code sendfile} on plain HTTP/1.1, and read from it on the
 * file-I/O threads otherwise (TLS, HTTP/2, HTTP/3). Only rewriting the same inode in
 * place can still change the bytes under a response, which no server can prevent; a
 * shrunk file ends the connection instead of padding the body.
 *
 * <p>
 * The response closes the file when its body has been written; one that is never written
 * is closed by the channel's cleaner when collected.
 */
final class OpenedFile implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(OpenedFile.class);

	/**
	 * Reads when zero-copy is unavailable (TLS, HTTP/2, HTTP/3, multipart/byteranges).
	 */
	static final int READ_BUFFER_SIZE = 64 * 1024;

	/**
	 * Buffers of one read that may wait for the connection at once (see {@link #read}).
	 */
	static final int READ_AHEAD = 2;

	private final FileChannel channel;

	private OpenedFile(FileChannel channel) {
		this.channel = channel;
	}

	/**
	 * Opens a file on the file-I/O threads ({@code staticflux.threads.file-io}).
	 * @param source the resolution whose {@code stat} the response's headers were
	 * computed from
	 * @return the opened file, or empty when the path no longer names that version
	 * (replaced, changed, deleted or made unreadable since): the caller looks the path up
	 * again
	 */
	static Mono<OpenedFile> open(Resolution source, Scheduler fileIo) {
		return Mono.fromCallable(() -> openNow(source)).subscribeOn(fileIo);
	}

	/**
	 * {@link #open} on the calling thread, which must be allowed to block; {@code null}
	 * for "changed".
	 */
	static @Nullable OpenedFile openNow(Resolution source) throws IOException {
		FileChannel channel;
		try {
			channel = FileChannel.open(source.file(), StandardOpenOption.READ);
		}
		catch (IOException ex) {
			logger.debug("Could not open " + source.file() + "; looking it up again", ex);
			return null;
		}
		try {
			BasicFileAttributes now = Files.readAttributes(source.file(), BasicFileAttributes.class);
			if (channel.size() == source.size() && source.describedBy(now)) {
				return new OpenedFile(channel);
			}
		}
		catch (IOException ex) {
			logger.debug("Could not check " + source.file() + "; looking it up again", ex);
		}
		channel.close();
		return null;
	}

	/**
	 * Whether the connection can take the file as a {@link FileRegion}
	 * ({@code sendfile}): not through TLS, HTTP/2 framing or a compression handler, which
	 * all need the bytes in memory (the conditions Reactor Netty's own {@code sendFile}
	 * checks), and not on an HTTP/3 stream, whose bytes QUIC encrypts into UDP datagrams.
	 */
	static boolean zeroCopy(Object nativeResponse) {
		if (!(nativeResponse instanceof Connection connection)) {
			return false;
		}
		Channel channel = connection.channel();
		return !(channel instanceof Http2StreamChannel) && !(channel instanceof QuicStreamChannel)
				&& channel.pipeline().get(SslHandler.class) == null
				&& channel.pipeline().get(NettyPipeline.CompressionHandler) == null;
	}

	/**
	 * Part of the file as a {@code sendfile} region. Netty closes the channel when the
	 * region has been written or discarded, so a response sends at most one region of a
	 * file.
	 */
	FileRegion region(long position, long count) {
		return new DefaultFileRegion(channel, position, count);
	}

	/**
	 * Part of the file read into buffers on the file-I/O threads: positional reads, so
	 * several parts of one file (multipart/byteranges) can be read one after the other
	 * from the same descriptor.
	 *
	 * <p>
	 * Bodies are produced only as fast as the connection takes them. Reactor Netty asks
	 * for many buffers at once (a few hundred) and queues those it cannot write yet, so
	 * reading whenever asked would read a whole multi-megabyte body into memory for a
	 * client that reads nothing. So, with Netty's buffer factory (the server's), at most
	 * {@value #READ_AHEAD} buffers of {@value #READ_BUFFER_SIZE} bytes of one read exist
	 * at once: the next is read when Netty releases one. On HTTP/1.1 (and TLS) the
	 * connection guards hold writes back while the connection is unwritable
	 * ({@code dev.staticflux.connection.WritabilityGate}), so a buffer is released only
	 * once the connection has taken it; on HTTP/2, a stream's data waits unreleased in
	 * Netty's flow controller until the client's window lets it out. One response then
	 * holds at most this read-ahead plus Netty's outbound buffer up to its high-water
	 * mark (64 KB). With any other factory the reads follow the subscriber's demand
	 * alone.
	 */
	Flux<DataBuffer> read(long position, long count, DataBufferFactory factory, Scheduler fileIo) {
		return Flux.create(sink -> new PacedRead(sink, position, count, factory, fileIo).start());
	}

	/**
	 * One paced read: a drain loop on the file-I/O threads that reads while the
	 * subscriber has demand and fewer than {@value #READ_AHEAD} of its buffers are
	 * unreleased. Requests and releases only signal the loop, which never runs twice at
	 * once.
	 */
	private final class PacedRead {

		private final FluxSink<DataBuffer> sink;

		private final DataBufferFactory factory;

		private final @Nullable NettyDataBufferFactory netty;

		private final Scheduler fileIo;

		private final AtomicInteger unreleased = new AtomicInteger();

		private final AtomicInteger signals = new AtomicInteger();

		private long position;

		private long left;

		private boolean done;

		PacedRead(FluxSink<DataBuffer> sink, long position, long count, DataBufferFactory factory, Scheduler fileIo) {
			this.sink = sink;
			this.position = position;
			this.left = count;
			this.factory = factory;
			this.netty = (factory instanceof NettyDataBufferFactory nettyFactory) ? nettyFactory : null;
			this.fileIo = fileIo;
		}

		void start() {
			sink.onRequest(n -> signal());
			signal();
		}

		/**
		 * Runs the loop unless it runs already; when the file-I/O threads refuse it, the
		 * read fails, since no later signal would run it either.
		 */
		private void signal() {
			if (signals.getAndIncrement() == 0) {
				try {
					fileIo.schedule(this::drain);
				}
				catch (RuntimeException ex) {
					sink.error(ex);
				}
			}
		}

		private void drain() {
			int missed = 1;
			do {
				while (!done && !sink.isCancelled() && left > 0 && sink.requestedFromDownstream() > 0
						&& unreleased.get() < READ_AHEAD) {
					if (!readNext()) {
						return;
					}
				}
				if (!done && left == 0) {
					done = true;
					sink.complete();
				}
				missed = signals.addAndGet(-missed);
			}
			while (missed != 0);
		}

		/**
		 * Reads and emits the next buffer; {@code false} after an error, which ends the
		 * read.
		 */
		private boolean readNext() {
			byte[] bytes = new byte[(int) Math.min(READ_BUFFER_SIZE, left)];
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			try {
				while (buffer.hasRemaining()) {
					int read = channel.read(buffer, position + buffer.position());
					if (read < 0) {
						throw new EOFException(left + " bytes missing: the file shrank while being sent");
					}
				}
			}
			catch (IOException ex) {
				done = true;
				sink.error(ex);
				return false;
			}
			position += bytes.length;
			left -= bytes.length;
			if (netty != null) {
				unreleased.incrementAndGet();
				sink.next(netty.wrap(new ReleaseNotifyingBuffer(bytes, () -> {
					unreleased.decrementAndGet();
					signal();
				})));
			}
			else {
				sink.next(factory.wrap(buffer.flip()));
			}
			return true;
		}

	}

	/** A heap buffer that says when Netty has released it. */
	private static final class ReleaseNotifyingBuffer extends UnpooledHeapByteBuf {

		private final Runnable onRelease;

		ReleaseNotifyingBuffer(byte[] bytes, Runnable onRelease) {
			super(UnpooledByteBufAllocator.DEFAULT, bytes, bytes.length);
			this.onRelease = onRelease;
		}

		@Override
		protected void deallocate() {
			super.deallocate();
			onRelease.run();
		}

	}

	@Override
	public void close() {
		try {
			channel.close();
		}
		catch (IOException ex) {
			logger.debug("Could not close a served file", ex);
		}
	}

}

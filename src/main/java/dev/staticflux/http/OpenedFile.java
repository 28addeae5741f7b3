package dev.staticflux.http;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

import io.netty.channel.Channel;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.ssl.SslHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;

import dev.staticflux.files.Resolution;

/**
 * A file on disk opened for one response and checked to be the very version the response's headers describe.
 *
 * <p>The headers ({@code Content-Length}, {@code ETag}, {@code Last-Modified}) come from a {@code stat} of the path;
 * the bytes come from whatever file the path names when it is opened. A file replaced by rename in between would
 * pair one version's headers with the other's bytes. So the path is opened first and then {@code stat}ed again:
 * when that shows the same identity (device and inode), size and time as the {@code stat} behind the headers,
 * the open descriptor is that version, because an atomic rename that had swapped the path between the two calls
 * would show a new inode. The descriptor then serves the whole body, whatever happens to the path later (a
 * rename, a delete); the body is sent from it with {@code sendfile} on plain HTTP/1.1, and read from it on the
 * file-I/O threads otherwise (TLS, HTTP/2, HTTP/3). Only rewriting the same inode in place can still change the bytes
 * under a response, which no server can prevent; a shrunk file ends the connection instead of padding the body.
 *
 * <p>The response closes the file when its body has been written; one that is never written is closed by the
 * channel's cleaner when collected.
 */
final class OpenedFile implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(OpenedFile.class);

	/** Reads when zero-copy is unavailable (TLS, HTTP/2, HTTP/3). */
	private static final int READ_BUFFER_SIZE = 64 * 1024;

	private final FileChannel channel;

	private OpenedFile(FileChannel channel) {
		this.channel = channel;
	}

	/**
	 * Opens a file on the file-I/O threads ({@code staticflux.threads.file-io}).
	 * @param source the resolution whose {@code stat} the response's headers were computed from
	 * @return the opened file, or empty when the path no longer names that version (replaced, changed, deleted or
	 * made unreadable since): the caller looks the path up again
	 */
	static Mono<OpenedFile> open(Resolution source, Scheduler fileIo) {
		return Mono.fromCallable(() -> openNow(source)).subscribeOn(fileIo);
	}

	/** {@link #open} on the calling thread, which must be allowed to block; {@code null} for "changed". */
	static OpenedFile openNow(Resolution source) throws IOException {
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
	 * Whether the connection can take the file as a {@link FileRegion} ({@code sendfile}): not through TLS, HTTP/2
	 * framing or a compression handler, which all need the bytes in memory (the conditions Reactor Netty's own
	 * {@code sendFile} checks), and not on an HTTP/3 stream, whose bytes QUIC encrypts into UDP datagrams.
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
	 * Part of the file as a {@code sendfile} region. Netty closes the channel when the region has been written
	 * or discarded, so a response sends at most one region of a file.
	 */
	FileRegion region(long position, long count) {
		return new DefaultFileRegion(channel, position, count);
	}

	/**
	 * Part of the file read into buffers on the file-I/O threads: positional reads, so several parts of one file
	 * (multipart/byteranges) can be read one after the other from the same descriptor.
	 */
	Flux<DataBuffer> read(long position, long count, DataBufferFactory factory, Scheduler fileIo) {
		return Flux.<DataBuffer, long[]>generate(() -> new long[] { position, count }, (next, sink) -> {
			if (next[1] == 0) {
				sink.complete();
				return next;
			}
			ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(READ_BUFFER_SIZE, next[1]));
			try {
				while (buffer.hasRemaining()) {
					int read = channel.read(buffer, next[0] + buffer.position());
					if (read < 0) {
						throw new EOFException(next[1] + " bytes missing: the file shrank while being sent");
					}
				}
			}
			catch (IOException ex) {
				sink.error(ex);
				return next;
			}
			next[0] += buffer.capacity();
			next[1] -= buffer.capacity();
			sink.next(factory.wrap(buffer.flip()));
			return next;
		}).subscribeOn(fileIo);
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

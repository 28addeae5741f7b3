package dev.staticflux.http;

import java.io.IOException;

import io.netty.channel.FileRegion;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;

import dev.staticflux.files.Resolution;

/**
 * A body file opened for one response and checked to be the version its headers describe:
 * the adapters' public handle on {@link OpenedFile}, which holds the rules (opened, then
 * {@code stat}ed again; zero-copy only where the connection allows it).
 */
public final class ServedFile implements AutoCloseable {

	private final OpenedFile file;

	private ServedFile(OpenedFile file) {
		this.file = file;
	}

	/**
	 * Opens a file on the file-I/O threads.
	 * @param source the resolution whose {@code stat} the response's headers were
	 * computed from
	 * @return the opened file, or empty when the path no longer names that version
	 */
	public static Mono<ServedFile> open(Resolution source, Scheduler fileIo) {
		return OpenedFile.open(source, fileIo).map(ServedFile::new);
	}

	/**
	 * Opens a file on the calling thread, which must be allowed to block (a file-I/O
	 * thread).
	 * @param source the resolution whose {@code stat} the response's headers were
	 * computed from
	 * @return the opened file, or {@code null} when the path no longer names that version
	 */
	public static @Nullable ServedFile openHere(Resolution source) throws IOException {
		OpenedFile opened = OpenedFile.openNow(source);
		return (opened != null) ? new ServedFile(opened) : null;
	}

	/**
	 * Whether the connection behind a native response can take a {@code sendfile} region.
	 */
	public static boolean zeroCopy(Object nativeResponse) {
		return OpenedFile.zeroCopy(nativeResponse);
	}

	/** Part of the file as a {@code sendfile} region; at most one per response. */
	public FileRegion region(long position, long count) {
		return file.region(position, count);
	}

	/** Part of the file read into buffers on the file-I/O threads. */
	public Flux<DataBuffer> read(long position, long count, DataBufferFactory factory, Scheduler fileIo) {
		return file.read(position, count, factory, fileIo);
	}

	@Override
	public void close() {
		file.close();
	}

}

package dev.staticflux.stats;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.core.ContextBase;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.status.ErrorStatus;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import org.jspecify.annotations.Nullable;

import dev.staticflux.config.StaticFluxProperties;

/**
 * Writes access-log lines to {@code staticflux.access-log.file}: event loops hand
 * finished lines to a lock-free queue, and one writer thread appends them through
 * Logback's size-rolled {@link RollingFileAppender}.
 * <ul>
 * <li>Handing a line over never blocks nor takes a lock, so an event loop never waits for
 * the disk. (Logback's {@code AsyncAppender} is not used for that reason: its
 * {@code ArrayBlockingQueue} takes a lock on every line, and parks the event loop when
 * contended or full.)</li>
 * <li>One thread writes, whole lines in arrival order, so lines never interleave. It
 * gathers them into batches of up to {@value #BATCH_BYTES} bytes, each appended to the
 * file as one event, and writes go through an 8 KB buffer, flushed whenever the queue
 * runs empty. A line the event loop hands over is already encoded. The writer drains the
 * queue every 100 ms, or sooner once 4,096 lines are waiting, so lines reach the file in
 * batches, at most about 100 ms after their response, and all of them on close.</li>
 * <li>If the disk stays slower than the traffic until {@value #QUEUE_LIMIT} lines are
 * waiting, further lines are dropped rather than let memory grow without bound or stall
 * the server; each dropped line is counted ({@link #dropped()}, meter
 * {@code staticflux.access-log.dropped}) and reported on stderr. Otherwise the file has
 * exactly one line per counted response.</li>
 * <li>The file rolls, between two batches, when it has reached {@code max-file-size}
 * (checked at most once per second, so it may exceed it by one second of traffic):
 * {@code access.log} becomes {@code access.1.log}, {@code access.1.log} becomes
 * {@code access.2.log}, and so on up to {@code max-history} files ({@code 0} keeps one,
 * Logback's minimum).</li>
 * </ul>
 * The appender lives in its own Logback context, attached to no logger: a reset of the
 * logging configuration cannot detach it, and no other logger's events can reach the
 * file. Its errors and warnings (disk full) go to stderr; its routine status messages go
 * nowhere.
 */
final class AccessLogWriter implements AutoCloseable {

	static final int QUEUE_LIMIT = 65_536;

	private static final long CLOSE_TIMEOUT_MILLIS = 10_000;

	/**
	 * How long a line may wait before it is written: the writer drains the queue this
	 * often.
	 */
	static final long FLUSH_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	/**
	 * Lines waiting at which an event loop wakes the writer before its interval is up.
	 */
	static final int WAKE_THRESHOLD = 4096;

	/**
	 * Dropped lines are reported at most this often (and once more on close), not once
	 * per batch.
	 */
	private static final long DROPPED_REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	/**
	 * Lines gathered by the writer and appended as one event, up to this many bytes.
	 */
	static final int BATCH_BYTES = 8192;

	private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger queued = new AtomicInteger();

	private final LongAdder dropped = new LongAdder();

	private final int queueLimit;

	private final ContextBase context = new ContextBase();

	private final FlushableRollingFileAppender file = new FlushableRollingFileAppender();

	private final Thread writer = new Thread(this::writeUntilClosed, "staticflux-access-log");

	private volatile boolean writerParked;

	private volatile boolean closing;

	private long droppedReported;

	private long droppedReportedAt = System.nanoTime();

	/** The writer's lines not yet appended; only the writer touches them. */
	private final byte[] batch = new byte[BATCH_BYTES];

	private int batchLength;

	private int batchLines;

	AccessLogWriter(StaticFluxProperties.AccessLog settings) {
		this(settings, Duration.buildBySeconds(1), QUEUE_LIMIT);
	}

	/**
	 * @param sizeCheckInterval how often the file's size is compared with
	 * {@code max-file-size}
	 * @param queueLimit how many lines may wait for the writer before lines are dropped
	 */
	AccessLogWriter(StaticFluxProperties.AccessLog settings, Duration sizeCheckInterval, int queueLimit) {
		this.queueLimit = queueLimit;
		context.setName("staticflux-access-log");

		Path path = settings.file().toAbsolutePath();
		BatchEncoder encoder = new BatchEncoder();
		encoder.setContext(context);
		encoder.start();
		file.setContext(context);
		file.setName("access-log");
		file.setFile(path.toString());
		file.setEncoder(encoder);
		file.setImmediateFlush(false);

		FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy() {
			@Override
			protected int getMaxWindowSize() {
				return Integer.MAX_VALUE; // honour max-history as configured (Logback
											// caps it at 20 by default)
			}
		};
		rolling.setContext(context);
		rolling.setParent(file);
		rolling.setFileNamePattern(rolledName(path));
		rolling.setMinIndex(1);
		rolling.setMaxIndex(Math.max(1, settings.maxHistory()));
		rolling.start();
		SizeBasedTriggeringPolicy<byte[]> trigger = new SizeBasedTriggeringPolicy<>();
		trigger.setContext(context);
		trigger.setMaxFileSize(new FileSize(settings.maxFileSize().toBytes()));
		trigger.setCheckIncrement(sizeCheckInterval);
		trigger.start();
		file.setRollingPolicy(rolling);
		file.setTriggeringPolicy(trigger);
		file.start();
		if (!file.isStarted()) {
			throw new IllegalStateException("staticflux.access-log.file: cannot open " + path + firstError());
		}
		// From now on, and only for what goes wrong: Logback's console listeners would
		// print every status, INFO
		// included, and the start-up's own statuses are all INFO.
		context.getStatusManager().add(AccessLogWriter::printIfWrong);
		writer.setDaemon(true);
		writer.start();
	}

	/** Queues one line of text (without its line break), in UTF-8. */
	void write(String line) {
		write(line.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Queues one line (without its line break), which the caller no longer changes.
	 * Lock-free; safe from any thread.
	 */
	void write(byte[] line) {
		if (queued.incrementAndGet() > queueLimit) {
			queued.decrementAndGet();
			dropped.increment();
			return;
		}
		queue.offer(line);
		if (writerParked && queued.get() >= WAKE_THRESHOLD) {
			LockSupport.unpark(writer);
		}
	}

	/**
	 * Lines dropped since start because {@value #QUEUE_LIMIT} lines were already waiting.
	 */
	long dropped() {
		return dropped.sum();
	}

	/** Writes every line queued so far, then flushes and closes the file. */
	@Override
	public void close() throws InterruptedException {
		closing = true;
		LockSupport.unpark(writer);
		writer.join(CLOSE_TIMEOUT_MILLIS);
		file.stop();
	}

	private void writeUntilClosed() {
		while (true) {
			byte[] line = queue.poll();
			if (line != null) {
				add(line);
				continue;
			}
			appendBatch();
			file.flush();
			if (closing) {
				reportDropped();
				return;
			}
			if (System.nanoTime() - droppedReportedAt >= DROPPED_REPORT_INTERVAL_NANOS) {
				reportDropped();
			}
			// The writer sleeps for the flush interval rather than being woken per line:
			// under load a wake-up per
			// response (a futex call on the event loop, a context switch on a 2-core
			// machine) cost more than the
			// write itself. Event loops wake it early only when a large batch is waiting.
			writerParked = true;
			if (queue.isEmpty() && !closing) {
				LockSupport.parkNanos(this, FLUSH_INTERVAL_NANOS);
			}
			writerParked = false;
		}
	}

	/**
	 * Adds a line to the batch, appending the batch first when the line does not fit.
	 */
	private void add(byte[] line) {
		if (batchLength + line.length + 1 > BATCH_BYTES) {
			appendBatch();
			if (line.length + 1 > BATCH_BYTES) {
				byte[] alone = Arrays.copyOf(line, line.length + 1);
				alone[line.length] = '\n';
				file.doAppend(alone);
				queued.decrementAndGet();
				return;
			}
		}
		System.arraycopy(line, 0, batch, batchLength, line.length);
		batchLength += line.length;
		batch[batchLength++] = '\n';
		batchLines++;
	}

	/**
	 * Appends the batched lines as one event, so that Logback's per-event work (its
	 * guards, the roll-over check, the stream lock) is done once per batch.
	 */
	private void appendBatch() {
		if (batchLines == 0) {
			return;
		}
		file.doAppend(Arrays.copyOf(batch, batchLength));
		queued.addAndGet(-batchLines);
		batchLength = 0;
		batchLines = 0;
	}

	private void reportDropped() {
		long total = dropped.sum();
		if (total != droppedReported) {
			context.getStatusManager()
				.add(new ErrorStatus(
						(total - droppedReported) + " lines dropped, the disk could not keep up with the traffic",
						this));
			droppedReported = total;
		}
		droppedReportedAt = System.nanoTime();
	}

	/**
	 * The first error Logback reported while setting the appender up, as
	 * {@code ": reason"}.
	 */
	private String firstError() {
		return context.getStatusManager()
			.getCopyOfStatusList()
			.stream()
			.filter(status -> status.getLevel() == Status.ERROR)
			.findFirst()
			.map(status -> ": "
					+ ((status.getThrowable() != null) ? status.getThrowable().getMessage() : status.getMessage()))
			.orElse("");
	}

	private static void printIfWrong(Status status) {
		if (status.getLevel() >= Status.WARN) {
			System.err.println("staticflux access log: " + status.getMessage()
					+ ((status.getThrowable() != null) ? ": " + status.getThrowable() : ""));
		}
	}

	/**
	 * {@code logs/access.log} rolls to {@code logs/access.1.log}; a name without
	 * extension gets {@code .1}.
	 */
	static String rolledName(Path file) {
		String name = file.getFileName().toString();
		int dot = name.lastIndexOf('.');
		String rolled = (dot > 0) ? name.substring(0, dot) + ".%i" + name.substring(dot) : name + ".%i";
		return file.resolveSibling(rolled).toString();
	}

	/** Whole lines per event, each with its line break, already encoded. */
	private static final class BatchEncoder extends EncoderBase<byte[]> {

		@Override
		public byte @Nullable [] headerBytes() {
			return null;
		}

		@Override
		public byte[] encode(byte[] lines) {
			return lines;
		}

		@Override
		public byte @Nullable [] footerBytes() {
			return null;
		}

	}

	/**
	 * Adds a flush of the buffered stream, under the lock that writes and roll-overs take
	 * too.
	 */
	private static final class FlushableRollingFileAppender extends RollingFileAppender<byte[]> {

		void flush() {
			streamWriteLock.lock();
			try {
				OutputStream out = getOutputStream();
				if (isStarted() && out != null) {
					out.flush();
				}
			}
			catch (IOException ex) {
				addError("Could not flush " + getFile(), ex);
			}
			finally {
				streamWriteLock.unlock();
			}
		}

	}

}

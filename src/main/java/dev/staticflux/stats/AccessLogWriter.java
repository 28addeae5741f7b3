package dev.staticflux.stats;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * <li>One thread writes, whole lines in arrival order, so lines never interleave. Writes
 * go through an 8 KB buffer, flushed whenever the queue runs empty. The writer drains the
 * queue every 100 ms, or sooner once 4,096 lines are waiting, so lines reach the file in
 * batches, at most about 100 ms after their response, and all of them on close.</li>
 * <li>If the disk stays slower than the traffic until {@value #QUEUE_LIMIT} lines are
 * waiting, further lines are dropped rather than let memory grow without bound or stall
 * the server; each dropped line is counted ({@link #dropped()}, meter
 * {@code staticflux.access-log.dropped}) and reported on stderr. Otherwise the file has
 * exactly one line per counted response.</li>
 * <li>The file rolls when it has reached {@code max-file-size} (checked at most once per
 * second, so it may exceed it by one second of traffic): {@code access.log} becomes
 * {@code access.1.log}, {@code access.1.log} becomes {@code access.2.log}, and so on up
 * to {@code max-history} files ({@code 0} keeps one, Logback's minimum).</li>
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

	private final Queue<String> queue = new ConcurrentLinkedQueue<>();

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
		LineEncoder encoder = new LineEncoder();
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
		SizeBasedTriggeringPolicy<String> trigger = new SizeBasedTriggeringPolicy<>();
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

	/** Queues one line (without its line break). Lock-free; safe from any thread. */
	void write(String line) {
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
			String line = queue.poll();
			if (line != null) {
				queued.decrementAndGet();
				file.doAppend(line);
				continue;
			}
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

	/**
	 * One line per event, in UTF-8 (pure ASCII for {@link CombinedLogFormat}'s lines).
	 */
	private static final class LineEncoder extends EncoderBase<String> {

		@Override
		public byte @Nullable [] headerBytes() {
			return null;
		}

		@Override
		public byte[] encode(String line) {
			return (line + '\n').getBytes(StandardCharsets.UTF_8);
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
	private static final class FlushableRollingFileAppender extends RollingFileAppender<String> {

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

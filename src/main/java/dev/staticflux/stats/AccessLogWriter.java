package dev.staticflux.stats;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.ContextBase;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.status.OnErrorConsoleStatusListener;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;

import dev.staticflux.config.StaticFluxProperties;

/**
 * Writes access-log lines to {@code staticflux.access-log.file} through Logback: an {@link AsyncAppenderBase}
 * queue in front of a size-rolled {@link RollingFileAppender}.
 * <ul>
 * <li>Event loops only enqueue a finished line; one Logback worker thread writes them, whole lines in arrival
 * order, so lines never interleave. Writes are buffered and flushed every second (and on close), so the file is
 * written in batches and a line reaches the disk within about a second.</li>
 * <li>No line is ever dropped ({@code discardingThreshold 0}, {@code neverBlock false}), so the file has exactly
 * one line per counted response. The price: if the disk stays slower than the traffic until
 * {@value #QUEUE_SIZE} lines are waiting, event loops wait for the writer, which slows the server down rather
 * than losing lines.</li>
 * <li>The file rolls when it has reached {@code max-file-size} (checked once per second, so it may exceed it by
 * one second of traffic): {@code access.log} becomes {@code access.1.log}, {@code access.1.log} becomes
 * {@code access.2.log}, and so on up to {@code max-history} files ({@code 0} keeps one, Logback's minimum).</li>
 * </ul>
 * The appenders live in their own Logback context, attached to no logger: a reset of the logging configuration
 * cannot detach them, and no other logger's events can reach the file. Their errors (disk full) go to stderr.
 */
final class AccessLogWriter implements AutoCloseable {

	static final int QUEUE_SIZE = 65_536;

	private static final int SHUTDOWN_FLUSH_MILLIS = 10_000;

	private final AsyncAppenderBase<String> queue = new AsyncAppenderBase<>();

	private final FlushableRollingFileAppender file = new FlushableRollingFileAppender();

	private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(task -> {
		Thread thread = new Thread(task, "staticflux-access-log-flush");
		thread.setDaemon(true);
		return thread;
	});

	AccessLogWriter(StaticFluxProperties.AccessLog settings) {
		this(settings, Duration.buildBySeconds(1));
	}

	/** @param sizeCheckInterval how often the file's size is compared with {@code max-file-size} */
	AccessLogWriter(StaticFluxProperties.AccessLog settings, Duration sizeCheckInterval) {
		ContextBase context = new ContextBase();
		context.setName("staticflux-access-log");
		OnErrorConsoleStatusListener errors = new OnErrorConsoleStatusListener();
		errors.setContext(context);
		errors.start();
		context.getStatusManager().add(errors);

		Path path = settings.file().toAbsolutePath();
		LineEncoder encoder = new LineEncoder();
		encoder.setContext(context);
		encoder.start();
		file.setContext(context);
		file.setName("access-log-file");
		file.setFile(path.toString());
		file.setEncoder(encoder);
		file.setImmediateFlush(false);

		FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy() {
			@Override
			protected int getMaxWindowSize() {
				return Integer.MAX_VALUE; // honour max-history as configured (Logback caps it at 20 by default)
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
			throw new IllegalStateException("staticflux.access-log.file: cannot open " + path);
		}

		queue.setContext(context);
		queue.setName("access-log");
		queue.setQueueSize(QUEUE_SIZE);
		queue.setDiscardingThreshold(0);
		queue.setNeverBlock(false);
		queue.setMaxFlushTime(SHUTDOWN_FLUSH_MILLIS);
		queue.addAppender(file);
		queue.start();
		flusher.scheduleWithFixedDelay(file::flush, 1, 1, TimeUnit.SECONDS);
	}

	/** Queues one line (without its line break). */
	void write(String line) {
		queue.doAppend(line);
	}

	/** Writes every queued line, flushes and closes the file. */
	@Override
	public void close() {
		flusher.shutdownNow();
		queue.stop();
	}

	/** {@code logs/access.log} rolls to {@code logs/access.1.log}; a name without extension gets {@code .1}. */
	static String rolledName(Path file) {
		String name = file.getFileName().toString();
		int dot = name.lastIndexOf('.');
		String rolled = (dot > 0) ? name.substring(0, dot) + ".%i" + name.substring(dot) : name + ".%i";
		return file.resolveSibling(rolled).toString();
	}

	/** One line per event, in UTF-8 (pure ASCII for {@link CombinedLogFormat}'s lines). */
	private static final class LineEncoder extends EncoderBase<String> {

		@Override
		public byte[] headerBytes() {
			return null;
		}

		@Override
		public byte[] encode(String line) {
			return (line + '\n').getBytes(StandardCharsets.UTF_8);
		}

		@Override
		public byte[] footerBytes() {
			return null;
		}

	}

	/** Adds a flush of the buffered stream, under the lock that writes and roll-overs take too. */
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

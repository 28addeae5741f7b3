package dev.staticflux.config;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The threads that make blocking file-system calls (stat, realpath, open, small reads),
 * so that event loops never do. Bounded by {@code staticflux.threads.file-io}; excess
 * work queues rather than spawning threads, and beyond the queue's capacity is refused.
 *
 * <p>
 * One queue for all of them, not one per thread as Reactor's bounded-elastic scheduler
 * keeps: a task is taken by whichever thread is free, so under load a busy thread takes
 * the next miss without parking and being woken for it, where a task pinned to one
 * thread's queue mostly wakes a parked thread (docs/PERFORMANCE.md, "System calls per
 * miss"). Every task on these threads is independent (a lookup, an open, a read that
 * guards itself against running twice), so none relies on a worker running its tasks in
 * order. Idle threads end after a minute.
 */
@Configuration(proxyBeanMethods = false)
class FileIoConfiguration {

	/** Tasks that may wait for a file-I/O thread before new ones are refused. */
	static final int QUEUE_CAPACITY = 100_000;

	private static final long IDLE_SECONDS = 60;

	@Bean(destroyMethod = "dispose")
	Scheduler fileIoScheduler(StaticFluxProperties properties) {
		return fileIo(properties.threads().fileIo());
	}

	static Scheduler fileIo(int threads) {
		ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(QUEUE_CAPACITY), new Named("staticflux-file-io-"));
		executor.allowCoreThreadTimeOut(true);
		return Schedulers.fromExecutorService(executor, "staticflux-file-io");
	}

	/** Daemon threads named with a prefix and a count. */
	private static final class Named implements ThreadFactory {

		private final String prefix;

		private final AtomicInteger count = new AtomicInteger();

		Named(String prefix) {
			this.prefix = prefix;
		}

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}

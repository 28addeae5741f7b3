package dev.staticflux.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;

/**
 * The threads that make blocking file-system calls (stat, realpath, open, small reads),
 * so that event loops never do. Bounded by {@code staticflux.threads.file-io}; excess
 * work queues rather than spawning threads, on one queue that every thread takes from
 * ({@link SharedQueueScheduler}), and beyond the queue's capacity is refused.
 */
@Configuration(proxyBeanMethods = false)
class FileIoConfiguration {

	/** Tasks that may wait for a file-I/O thread before new ones are refused. */
	static final int QUEUE_CAPACITY = 100_000;

	@Bean(destroyMethod = "dispose")
	Scheduler fileIoScheduler(StaticFluxProperties properties) {
		return fileIo(properties.threads().fileIo());
	}

	static Scheduler fileIo(int threads) {
		return new SharedQueueScheduler(threads, QUEUE_CAPACITY, "staticflux-file-io-");
	}

}

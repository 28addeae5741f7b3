package dev.staticflux.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The threads that make blocking file-system calls (stat, realpath, open, small reads),
 * so that event loops never do. Bounded by {@code staticflux.threads.file-io}; excess
 * work queues rather than spawning threads.
 */
@Configuration(proxyBeanMethods = false)
class FileIoConfiguration {

	/** Tasks that may wait for a file-I/O thread before new ones are refused. */
	private static final int QUEUE_CAPACITY = 100_000;

	@Bean(destroyMethod = "dispose")
	Scheduler fileIoScheduler(StaticFluxProperties properties) {
		return Schedulers.newBoundedElastic(properties.threads().fileIo(), QUEUE_CAPACITY, "staticflux-file-io", 60,
				true);
	}

}

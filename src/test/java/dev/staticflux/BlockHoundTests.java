package dev.staticflux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proves that {@link BlockHoundLauncherSessionListener} installed BlockHound in this JVM
 * without any test doing it itself: a blocking call on a Reactor non-blocking thread
 * fails, the same call elsewhere does not.
 */
class BlockHoundTests {

	@Test
	void blockingCallOnParallelSchedulerFails() {
		Mono<String> sleepy = Mono.fromCallable(() -> {
			Thread.sleep(1);
			return "slept";
		}).subscribeOn(Schedulers.parallel());

		assertThatThrownBy(() -> sleepy.block(Duration.ofSeconds(10)))
			.hasRootCauseInstanceOf(BlockingOperationError.class)
			.rootCause()
			.hasMessageContaining("java.lang.Thread.sleep");
	}

	@Test
	void fileSystemCallOnParallelSchedulerFails() {
		Mono<Boolean> stat = Mono.fromCallable(() -> Files.exists(Path.of("/"))).subscribeOn(Schedulers.parallel());

		assertThatThrownBy(() -> stat.block(Duration.ofSeconds(10)))
			.hasRootCauseInstanceOf(BlockingOperationError.class)
			.rootCause()
			.hasMessageContaining("sun.nio.fs.UnixNativeDispatcher");
	}

	@Test
	void blockingCallOnBoundedElasticSchedulerIsAllowed() {
		Mono<String> sleepy = Mono.fromCallable(() -> {
			Thread.sleep(1);
			return "slept";
		}).subscribeOn(Schedulers.boundedElastic());

		assertThat(sleepy.block(Duration.ofSeconds(10))).isEqualTo("slept");
	}

}

package dev.staticflux.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FileIoConfigurationTests {

	@Test
	void runsTasksOnAtMostItsThreadsNamedForFileIo() throws InterruptedException {
		Scheduler fileIo = FileIoConfiguration.fileIo(3);
		try {
			Set<Thread> threads = ConcurrentHashMap.newKeySet();
			AtomicInteger running = new AtomicInteger();
			AtomicInteger mostAtOnce = new AtomicInteger();
			CountDownLatch done = new CountDownLatch(30);
			for (int i = 0; i < 30; i++) {
				fileIo.schedule(() -> {
					threads.add(Thread.currentThread());
					mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
					sleep(5);
					running.decrementAndGet();
					done.countDown();
				});
			}

			assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(mostAtOnce.get()).isBetween(1, 3);
			assertThat(threads).hasSizeBetween(1, 3)
				.allSatisfy(thread -> assertThat(thread.getName()).startsWith("staticflux-file-io-"))
				.allSatisfy(thread -> assertThat(thread.isDaemon()).isTrue());
		}
		finally {
			fileIo.dispose();
		}
	}

	@Test
	void refusesTasksBeyondItsQueueWhileEveryThreadIsBusy() throws InterruptedException {
		Scheduler fileIo = FileIoConfiguration.fileIo(1);
		CountDownLatch release = new CountDownLatch(1);
		try {
			fillWhileItsOnlyThreadWaits(fileIo, release);

			assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> fileIo.schedule(() -> {
			}));
		}
		finally {
			release.countDown();
			fileIo.dispose();
		}
	}

	@Test
	void runsTheTasksOfOneWorkerOneAtATimeInTheirOrder() throws InterruptedException {
		Scheduler fileIo = FileIoConfiguration.fileIo(4);
		Scheduler.Worker worker = fileIo.createWorker();
		try {
			List<Integer> order = Collections.synchronizedList(new ArrayList<>());
			AtomicInteger running = new AtomicInteger();
			AtomicInteger mostAtOnce = new AtomicInteger();
			CountDownLatch done = new CountDownLatch(40);
			for (int i = 0; i < 40; i++) {
				int task = i;
				worker.schedule(() -> {
					mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
					sleep(2);
					order.add(task);
					running.decrementAndGet();
					done.countDown();
				});
			}

			assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(mostAtOnce.get()).isEqualTo(1);
			assertThat(order).isSorted().hasSize(40);
		}
		finally {
			worker.dispose();
			fileIo.dispose();
		}
	}

	@Test
	void leavesATaskRunningUninterruptedWhenItsWorkerIsDisposedFromAnotherThread() throws InterruptedException {
		Scheduler fileIo = FileIoConfiguration.fileIo(2);
		Scheduler.Worker worker = fileIo.createWorker();
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch finished = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		try {
			worker.schedule(() -> {
				started.countDown();
				await(release);
				interrupted.set(Thread.currentThread().isInterrupted());
				finished.countDown();
			});
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

			worker.dispose();
			release.countDown();

			assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(interrupted).isFalse();
		}
		finally {
			release.countDown();
			fileIo.dispose();
		}
	}

	@Test
	void refusesEveryLaterTaskOfAWorkerWhoseTaskFoundTheQueueFull() throws InterruptedException {
		Scheduler fileIo = FileIoConfiguration.fileIo(1);
		Scheduler.Worker worker = fileIo.createWorker();
		CountDownLatch release = new CountDownLatch(1);
		try {
			fillWhileItsOnlyThreadWaits(fileIo, release);

			assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> worker.schedule(() -> {
			}));
			release.countDown();
			assertThat(worker.isDisposed()).isTrue();
			assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> worker.schedule(() -> {
			}));
		}
		finally {
			release.countDown();
			fileIo.dispose();
		}
	}

	@Test
	void runsWhatIsSubscribedOnIt() {
		Scheduler fileIo = FileIoConfiguration.fileIo(2);
		try {
			String thread = Mono.fromCallable(() -> Thread.currentThread().getName())
				.subscribeOn(fileIo)
				.block(Duration.ofSeconds(10));

			assertThat(thread).startsWith("staticflux-file-io-");
		}
		finally {
			fileIo.dispose();
		}
	}

	@Test
	void refusesTasksOnceDisposed() {
		Scheduler fileIo = FileIoConfiguration.fileIo(2);
		fileIo.dispose();

		assertThat(fileIo.isDisposed()).isTrue();
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> fileIo.schedule(() -> {
		}));
	}

	/** Keeps the one thread busy until {@code release} and fills the queue behind it. */
	private static void fillWhileItsOnlyThreadWaits(Scheduler fileIo, CountDownLatch release)
			throws InterruptedException {
		CountDownLatch started = new CountDownLatch(1);
		fileIo.schedule(() -> {
			started.countDown();
			await(release);
		});
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		for (int i = 0; i < FileIoConfiguration.QUEUE_CAPACITY; i++) {
			fileIo.schedule(() -> {
			});
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

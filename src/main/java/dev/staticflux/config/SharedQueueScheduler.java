package dev.staticflux.config;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.scheduler.Scheduler;

/**
 * A Reactor {@link Scheduler} over a fixed number of threads that take their tasks from
 * one shared queue: whichever thread is free runs the next task, so under load a busy
 * thread takes the next miss without parking and being woken for it, where a scheduler
 * that pins each task to one thread's queue (Reactor's bounded-elastic) mostly wakes a
 * parked thread.
 *
 * <p>
 * The {@link Scheduler.Worker} contract still holds: the tasks of one worker run one at a
 * time, in the order they were scheduled, although consecutive ones may run on different
 * threads. A scheduler over a plain multi-threaded {@code ExecutorService}
 * ({@code Schedulers.fromExecutorService}) breaks that contract: its workers hand every
 * task to the executor at once, so an operator's {@code request} and {@code cancel} calls
 * can run concurrently on two threads (Reactive Streams §2.7 requires them serial), and
 * disposing a worker interrupts its tasks running on other threads, which closes any
 * {@code FileChannel} they are reading. Here a disposed task that has not started is
 * skipped, and a running one is never interrupted.
 *
 * <p>
 * Event loops queue tasks here. Queueing takes the queue's lock for as long as linking
 * one node takes (no I/O, no wait for a task or a thread), the same kind of short lock
 * Reactor's own schedulers take in their work queues; the threads are all started at once
 * and kept, so that queueing never has to start one. A queue that does without the lock
 * ({@code LinkedTransferQueue}) makes its idle threads spin before they park, which costs
 * more CPU than the lock saves (docs/PERFORMANCE.md, "System calls per miss").
 *
 * <p>
 * Beyond the queue's capacity, or once disposed, a task is refused with a
 * {@link RejectedExecutionException}; a worker whose tasks could not be queued refuses
 * every later one too, so that none waits forever behind a task that will never run. Not
 * time-capable: scheduling with a delay is refused, as nothing on the file-I/O threads
 * waits for time. Disposing stops taking tasks; tasks under way finish.
 */
final class SharedQueueScheduler implements Scheduler {

	private final ThreadPoolExecutor executor;

	/**
	 * @param threads how many tasks run at once
	 * @param queueCapacity how many tasks may wait before new ones are refused
	 * @param threadNamePrefix the threads' names, followed by a count
	 */
	SharedQueueScheduler(int threads, int queueCapacity, String threadNamePrefix) {
		this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(queueCapacity), new Named(threadNamePrefix));
		this.executor.prestartAllCoreThreads();
	}

	@Override
	public Disposable schedule(Runnable task) {
		Task queued = new Task(task);
		queue(queued);
		return queued;
	}

	@Override
	public Worker createWorker() {
		return new SerialWorker();
	}

	@Override
	public void dispose() {
		this.executor.shutdown();
	}

	@Override
	public boolean isDisposed() {
		return this.executor.isShutdown();
	}

	/**
	 * Queues a runnable for the next free thread; the one place where event loops take
	 * the queue's lock.
	 * @throws RejectedExecutionException when the queue is full or the scheduler disposed
	 */
	private void queue(Runnable runnable) {
		this.executor.execute(runnable);
	}

	/**
	 * A task that runs at most once, and not at all if disposed before it starts. What it
	 * throws goes to the thread's uncaught-exception handler, as Reactor's schedulers do,
	 * and the thread lives on.
	 */
	private static final class Task extends AtomicBoolean implements Runnable, Disposable {

		private static final long serialVersionUID = 1L;

		private final transient Runnable work;

		Task(Runnable work) {
			this.work = work;
		}

		@Override
		public void run() {
			if (compareAndSet(false, true)) {
				try {
					this.work.run();
				}
				catch (Throwable ex) {
					Thread thread = Thread.currentThread();
					thread.getUncaughtExceptionHandler().uncaughtException(thread, ex);
				}
			}
		}

		@Override
		public void dispose() {
			set(true);
		}

		@Override
		public boolean isDisposed() {
			return get();
		}

	}

	/**
	 * Runs its tasks one after the other: the first task scheduled while none is pending
	 * queues a drain on the shared threads, which runs every task pending, including
	 * those scheduled while it runs.
	 */
	private final class SerialWorker implements Worker, Runnable {

		private final Queue<Task> pending = new ConcurrentLinkedQueue<>();

		private final AtomicInteger signals = new AtomicInteger();

		private volatile boolean disposed;

		@Override
		public Disposable schedule(Runnable task) {
			if (this.disposed) {
				throw Exceptions.failWithRejected();
			}
			Task queued = new Task(task);
			this.pending.offer(queued);
			if (this.signals.getAndIncrement() == 0) {
				try {
					queue(this);
				}
				catch (RejectedExecutionException ex) {
					dispose();
					throw ex;
				}
			}
			return queued;
		}

		@Override
		public void run() {
			int missed = 1;
			do {
				Task task;
				while (!this.disposed && (task = this.pending.poll()) != null) {
					task.run();
				}
				missed = this.signals.addAndGet(-missed);
			}
			while (missed != 0);
		}

		@Override
		public void dispose() {
			this.disposed = true;
			Task task;
			while ((task = this.pending.poll()) != null) {
				task.dispose();
			}
		}

		@Override
		public boolean isDisposed() {
			return this.disposed;
		}

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
			Thread thread = new Thread(task, this.prefix + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}

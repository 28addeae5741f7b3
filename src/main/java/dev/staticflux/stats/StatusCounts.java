package dev.staticflux.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Completed responses by status code. Called on event loops: a three-digit status (all
 * that HTTP and Spring's {@code HttpStatusCode} allow) costs an array read and a
 * {@link LongAdder} increment, with no allocation once the status has been seen. Anything
 * else Netty could put on a status line is kept by its text, so that the counts always
 * add up to the total.
 */
final class StatusCounts {

	private static final int LOWEST = 100;

	private static final int HIGHEST = 999;

	private final AtomicReferenceArray<LongAdder> threeDigit = new AtomicReferenceArray<>(HIGHEST - LOWEST + 1);

	private final Map<String, LongAdder> other = new ConcurrentHashMap<>();

	private final List<BiConsumer<String, LongAdder>> firstSeenListeners = new CopyOnWriteArrayList<>();

	/** Counts one response with this status, e.g. {@code "200"}. */
	void increment(CharSequence status) {
		int code = threeDigitCode(status);
		if (code < 0) {
			other.computeIfAbsent(status.toString(), this::created).increment();
			return;
		}
		int index = code - LOWEST;
		LongAdder count = threeDigit.get(index);
		if (count == null) {
			LongAdder fresh = new LongAdder();
			count = threeDigit.compareAndExchange(index, null, fresh);
			if (count == null) {
				count = fresh;
				firstSeen(Integer.toString(code), fresh);
			}
		}
		count.increment();
	}

	/** Counts by status text, three-digit codes in ascending order first. */
	Map<String, Long> toMap() {
		Map<String, Long> counts = new LinkedHashMap<>();
		forEach((status, count) -> counts.put(status, count.sum()));
		return counts;
	}

	/**
	 * Tells {@code listener} about every status seen so far and, from now on, about each
	 * status the first time it is seen (on the thread that sees it). A status seen while
	 * this method runs may be reported twice.
	 */
	void onFirstSeen(BiConsumer<String, LongAdder> listener) {
		firstSeenListeners.add(listener);
		forEach(listener);
	}

	private void firstSeen(String status, LongAdder count) {
		for (BiConsumer<String, LongAdder> listener : firstSeenListeners) {
			listener.accept(status, count);
		}
	}

	private void forEach(BiConsumer<String, LongAdder> action) {
		for (int i = 0; i < threeDigit.length(); i++) {
			LongAdder count = threeDigit.get(i);
			if (count != null) {
				action.accept(Integer.toString(LOWEST + i), count);
			}
		}
		other.forEach(action);
	}

	private LongAdder created(String status) {
		LongAdder count = new LongAdder();
		firstSeen(status, count);
		return count;
	}

	private static int threeDigitCode(CharSequence status) {
		if (status.length() != 3) {
			return -1;
		}
		int code = 0;
		for (int i = 0; i < 3; i++) {
			char c = status.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			code = code * 10 + (c - '0');
		}
		return code >= LOWEST ? code : -1;
	}

}

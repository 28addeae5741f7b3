package dev.staticflux.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * Completed responses by the protocol of their request, as the access log writes it:
 * {@code HTTP/1.0}, {@code HTTP/1.1}, {@code HTTP/2.0} (h2 and h2c) and {@code HTTP/3.0}
 * (QUIC). A response to a request whose protocol is unknown (one the decoder rejected
 * before reading its version) counts under {@value #OTHER}, so that the counts add up to
 * the total. Called on event loops: a comparison and a {@link LongAdder} increment.
 */
final class ProtocolCounts {

	static final String OTHER = "other";

	private static final List<String> KNOWN = List.of("HTTP/1.0", "HTTP/1.1", "HTTP/2.0", "HTTP/3.0");

	private final LongAdder[] known = new LongAdder[KNOWN.size()];

	private final LongAdder other = new LongAdder();

	ProtocolCounts() {
		for (int i = 0; i < known.length; i++) {
			known[i] = new LongAdder();
		}
	}

	/**
	 * Counts one response to a request made with this protocol, e.g. {@code "HTTP/1.1"};
	 * {@code null} if unknown.
	 */
	void increment(@Nullable CharSequence protocol) {
		if (protocol != null) {
			for (int i = 0; i < known.length; i++) {
				if (KNOWN.get(i).contentEquals(protocol)) {
					known[i].increment();
					return;
				}
			}
		}
		other.increment();
	}

	/**
	 * Every known protocol, in version order, then {@value #OTHER} when it is not zero.
	 */
	Map<String, Long> toMap() {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (int i = 0; i < known.length; i++) {
			counts.put(KNOWN.get(i), known[i].sum());
		}
		long unknown = other.sum();
		if (unknown > 0) {
			counts.put(OTHER, unknown);
		}
		return counts;
	}

}

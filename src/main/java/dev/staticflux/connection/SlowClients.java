package dev.staticflux.connection;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the responses aborted by {@code staticflux.timeouts.send}: clients that stopped
 * accepting bytes (an HTTP/1.1 connection closed, or an HTTP/2 stream reset). One counter
 * for the file server and the management server; the statistics snapshot reports it as
 * {@code abortedSlowClients}.
 */
public final class SlowClients {

	private final LongAdder aborted = new LongAdder();

	void abort() {
		aborted.increment();
	}

	/**
	 * Responses aborted since start because their client accepted no byte for the send
	 * timeout.
	 */
	public long aborted() {
		return aborted.sum();
	}

}

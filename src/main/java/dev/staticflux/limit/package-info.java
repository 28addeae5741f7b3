/**
 * Admission control: a non-blocking concurrency limiter with a bounded FIFO queue.
 */
package dev.staticflux.limit;

/**
 * Admission control: a non-blocking concurrency limiter with a bounded FIFO queue.
 */
@NullMarked
package dev.staticflux.limit;

import org.jspecify.annotations.NullMarked;

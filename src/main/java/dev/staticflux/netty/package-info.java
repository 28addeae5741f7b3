/**
 * The Reactor Netty adapter of the engine core: answers, below WebFlux, the requests
 * whose reply needs no I/O.
 */
@NullMarked
package dev.staticflux.netty;

import org.jspecify.annotations.NullMarked;

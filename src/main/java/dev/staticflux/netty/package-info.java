/**
 * The Reactor Netty adapter of the engine core: answers, below WebFlux, the requests whose reply needs no I/O.
 */
package dev.staticflux.netty;

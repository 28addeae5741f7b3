/**
 * The file engine's decision core: a request view in, a decision out (a reply, or the I/O
 * it needs first), with no WebFlux, Reactor or Netty type, so that both adapters share
 * every HTTP rule.
 */
@NullMarked
package dev.staticflux.engine;

import org.jspecify.annotations.NullMarked;

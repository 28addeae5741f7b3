/**
 * Site rules, decided by the engine for every adapter: redirects, response headers by
 * path, the single-page-app fallback and the {@code Server} header. No WebFlux, Reactor
 * or Netty types.
 */
@NullMarked
package dev.staticflux.rules;

import org.jspecify.annotations.NullMarked;

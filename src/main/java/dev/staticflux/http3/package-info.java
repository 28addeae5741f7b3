/**
 * HTTP/3 over QUIC beside the TCP server: the UDP listener, its limits against abuse, and
 * its advertisement.
 */
@NullMarked
package dev.staticflux.http3;

import org.jspecify.annotations.NullMarked;

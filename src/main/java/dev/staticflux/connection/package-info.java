/**
 * Connection guards at the Netty level, for the file server and the management server
 * alike: timeouts for request heads and for clients that stop reading, checks of request
 * heads the decoder lets through, the pipelining close, and the HTTP/2 limits. See
 * {@link dev.staticflux.connection.ConnectionGuards}.
 */
@NullMarked
package dev.staticflux.connection;

import org.jspecify.annotations.NullMarked;

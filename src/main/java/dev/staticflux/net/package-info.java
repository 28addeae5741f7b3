/**
 * Network addresses: address blocks (CIDR) for deciding which clients may reach a route.
 */
@NullMarked
package dev.staticflux.net;

import org.jspecify.annotations.NullMarked;

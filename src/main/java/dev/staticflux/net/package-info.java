/**
 * Network addresses: address blocks (CIDR) for deciding which clients may reach a route.
 */
package dev.staticflux.net;

/**
 * Test support shared by the tests of several packages: a raw HTTP/1.1 client, the site
 * the integration tests serve, and a headless Chromium for browser tests.
 */
package dev.staticflux.testsupport;

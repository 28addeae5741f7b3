package dev.staticflux.web;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The engine's error reply for a request handled by another WebFlux route (the
 * dashboard's 403 and 503, the limiter's 503): the site's {@code errors/<code>.html} or
 * the built-in page, with the headers every reply carries, so that every route's errors
 * look alike.
 */
public interface ErrorResponses {

	/**
	 * @param request the request to answer
	 * @param status the error status
	 * @return the error response
	 */
	Mono<ServerResponse> render(ServerRequest request, HttpStatus status);

}

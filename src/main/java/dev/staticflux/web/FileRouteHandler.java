package dev.staticflux.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import dev.staticflux.engine.Decision;
import dev.staticflux.engine.DecisionPerformer;
import dev.staticflux.engine.FileEngine;

/**
 * The WebFlux adapter of the engine core: translates the request, has the
 * {@link DecisionPerformer} carry out the I/O each {@link Decision} asks for (lookups,
 * opening the body file, listings) off the event loop, and hands the reply to WebFlux to
 * write. It decides nothing itself.
 */
final class FileRouteHandler implements HandlerFunction<ServerResponse>, ErrorResponses {

	private final FileEngine engine;

	private final DecisionPerformer performer;

	private final Scheduler fileIo;

	/**
	 * @param engine decides
	 * @param performer performs the engine's I/O
	 * @param fileIo the file-I/O threads, where a body the connection cannot take with
	 * {@code sendfile} is read
	 */
	FileRouteHandler(FileEngine engine, DecisionPerformer performer, Scheduler fileIo) {
		this.engine = engine;
		this.performer = performer;
		this.fileIo = fileIo;
	}

	@Override
	public Mono<ServerResponse> handle(ServerRequest request) {
		return perform(engine.decide(new WebRequestView(request.exchange().getRequest())));
	}

	@Override
	public Mono<ServerResponse> render(ServerRequest request, HttpStatus status) {
		return perform(engine.error(new WebRequestView(request.exchange().getRequest()), status));
	}

	/**
	 * Carries a decision out until it is a reply. The performer's work is not cancelled
	 * when the client goes away: it may be a load other requests wait on.
	 */
	private Mono<ServerResponse> perform(Decision decision) {
		if (decision instanceof Decision.Respond respond) {
			return Mono.just(new ReplyResponse(engine.sending(respond), null, fileIo));
		}
		return Mono.fromFuture(performer.perform(decision), true)
			.map(performed -> new ReplyResponse(engine.sending(performed.respond()), performed.file(), fileIo));
	}

}

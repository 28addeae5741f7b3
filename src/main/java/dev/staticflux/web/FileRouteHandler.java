package dev.staticflux.web;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import dev.staticflux.cache.FileEntry;
import dev.staticflux.cache.FileLookup;
import dev.staticflux.engine.Decision;
import dev.staticflux.engine.FileEngine;
import dev.staticflux.engine.Reply;
import dev.staticflux.http.ServedFile;

/**
 * The WebFlux adapter of the engine core: translates the request, performs the I/O each
 * {@link Decision} asks for (lookups, opening the body file, listings) off the event
 * loop, and hands the reply to WebFlux to write. It decides nothing itself.
 */
final class FileRouteHandler implements HandlerFunction<ServerResponse>, ErrorResponses {

	private final FileEngine engine;

	private final FileLookup lookup;

	private final Scheduler fileIo;

	/**
	 * @param engine decides
	 * @param fileIo the file-I/O threads
	 */
	FileRouteHandler(FileEngine engine, Scheduler fileIo) {
		this.engine = engine;
		this.lookup = engine.lookup();
		this.fileIo = fileIo;
	}

	@Override
	public Mono<ServerResponse> handle(ServerRequest request) {
		return perform(engine.decide(new WebRequestView(request.exchange().getRequest())), null);
	}

	@Override
	public Mono<ServerResponse> render(ServerRequest request, HttpStatus status) {
		return perform(engine.error(new WebRequestView(request.exchange().getRequest()), status), null);
	}

	/**
	 * Carries a decision out until it is a reply.
	 * @param file the body file opened for this request so far, or {@code null}
	 */
	private Mono<ServerResponse> perform(Decision decision, @Nullable ServedFile file) {
		if (decision instanceof Decision.Respond respond) {
			Reply reply = engine.sending(respond);
			if (file != null && !reply.readsFile()) {
				file.close();
				return Mono.just(new ReplyResponse(reply, null, fileIo));
			}
			return Mono.just(new ReplyResponse(reply, file, fileIo));
		}
		if (file != null) {
			file.close();
		}
		if (decision instanceof Decision.Lookup find) {
			Mono<FileEntry> entry = find.reload() ? lookup.reload(find.key()) : lookup.lookup(find.key());
			return entry.map(find.then())
				.onErrorResume(ex -> Mono.just(find.failed().apply(ex)))
				.flatMap(next -> perform(next, null));
		}
		if (decision instanceof Decision.Open open) {
			return ServedFile.open(open.file(), fileIo)
				.flatMap(opened -> perform(open.opened().get(), opened))
				.switchIfEmpty(Mono.defer(() -> perform(open.changed().get(), null)))
				.onErrorResume(ex -> perform(open.failed().apply(ex), null));
		}
		if (decision instanceof Decision.Check check) {
			return Mono.fromCallable(check.work()::check)
				.subscribeOn(fileIo)
				.map(check.then())
				.onErrorResume(ex -> Mono.just(check.failed().apply(ex)))
				.flatMap(next -> perform(next, null));
		}
		Decision.Read read = (Decision.Read) decision;
		return Mono.fromCallable(read.work()::read)
			.subscribeOn(fileIo)
			.map(read.then())
			.onErrorResume(ex -> Mono.just(read.failed().apply(ex)))
			.flatMap(next -> perform(next, null));
	}

}

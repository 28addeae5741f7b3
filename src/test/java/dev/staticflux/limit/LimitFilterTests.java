package dev.staticflux.limit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.reactive.function.server.MockServerRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;

import dev.staticflux.config.StaticFluxProperties.Limit;

import static org.assertj.core.api.Assertions.assertThat;

class LimitFilterTests {

	private static final ServerResponse.Context CONTEXT = new ServerResponse.Context() {

		@Override
		public List<HttpMessageWriter<?>> messageWriters() {
			return HandlerStrategies.withDefaults().messageWriters();
		}

		@Override
		public List<ViewResolver> viewResolvers() {
			return List.of();
		}

	};

	private final ConcurrencyLimiter limiter = new ConcurrencyLimiter(
			new Limit(1, 0, Duration.ofSeconds(5), Duration.ofSeconds(1)), new SimpleMeterRegistry());

	private final MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/big.bin"));

	private final MockServerRequest request = MockServerRequest.builder().exchange(this.exchange).build();

	private final LimitFilter filter = new LimitFilter(this.limiter, Duration.ofSeconds(1),
			RejectionResponder.builtInPage());

	private ServerResponse handle(HandlerFunction<ServerResponse> handler) {
		ServerResponse response = this.filter.filter(this.request, handler).block(Duration.ofSeconds(1));
		assertThat(response).isNotNull();
		return response;
	}

	private Mono<Void> write(ServerResponse response) {
		return response.writeTo(this.exchange, CONTEXT);
	}

	private int inFlight() {
		return this.limiter.statistics().inFlight();
	}

	private static DataBuffer chunk(String text) {
		return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	private static HandlerFunction<ServerResponse> streaming(TestPublisher<DataBuffer> body) {
		return request -> ServerResponse.ok().body(BodyInserters.fromDataBuffers(body));
	}

	@Test
	void holdsThePermitUntilTheResponseHasBeenWrittenNotJustUntilTheHandlerReturns() {
		TestPublisher<DataBuffer> body = TestPublisher.create();
		ServerResponse response = handle(streaming(body));
		assertThat(inFlight()).isEqualTo(1);

		StepVerifier.create(write(response))
			.then(() -> body.next(chunk("first half,")))
			.then(() -> assertThat(inFlight()).isEqualTo(1))
			.then(() -> body.next(chunk(" second half")).complete())
			.expectComplete()
			.verify(Duration.ofSeconds(1));

		assertThat(inFlight()).isZero();
		assertThat(this.exchange.getResponse().getBodyAsString().block()).isEqualTo("first half, second half");
	}

	@Test
	void releasesThePermitWhenTheClientGoesAwayDuringTheWrite() {
		TestPublisher<DataBuffer> body = TestPublisher.create();
		ServerResponse response = handle(streaming(body));
		Disposable writing = write(response).subscribe();
		body.next(chunk("partial"));

		writing.dispose();

		assertThat(inFlight()).isZero();
	}

	@Test
	void releasesThePermitWhenTheWriteFails() {
		TestPublisher<DataBuffer> body = TestPublisher.create();
		ServerResponse response = handle(streaming(body));

		StepVerifier.create(write(response))
			.then(() -> body.error(new IllegalStateException("disk gone")))
			.expectError(IllegalStateException.class)
			.verify(Duration.ofSeconds(1));

		assertThat(inFlight()).isZero();
	}

	@Test
	void releasesThePermitWhenTheHandlerFailsOrThrows() {
		StepVerifier.create(this.filter.filter(this.request, request -> Mono.error(new IllegalStateException())))
			.expectError(IllegalStateException.class)
			.verify(Duration.ofSeconds(1));
		assertThat(inFlight()).isZero();

		StepVerifier.create(this.filter.filter(this.request, request -> {
			throw new IllegalStateException();
		})).expectError(IllegalStateException.class).verify(Duration.ofSeconds(1));
		assertThat(inFlight()).isZero();
	}

	@Test
	void releasesThePermitWhenTheHandlerAnswersNothing() {
		StepVerifier.create(this.filter.filter(this.request, request -> Mono.empty()))
			.expectComplete()
			.verify(Duration.ofSeconds(1));

		assertThat(inFlight()).isZero();
	}

	@Test
	void releasesThePermitWhenCancelledBeforeTheHandlerAnswers() {
		StepVerifier.create(this.filter.filter(this.request, request -> Mono.never()))
			.expectSubscription()
			.then(() -> assertThat(inFlight()).isEqualTo(1))
			.thenCancel()
			.verify(Duration.ofSeconds(1));

		assertThat(inFlight()).isZero();
	}

	@Test
	void serveIfFreeNowHoldsAPermitUntilTheWriteEnds() {
		TestPublisher<Void> writing = TestPublisher.create();
		Mono<Void> served = Mono.from(this.filter.serveIfFreeNow(() -> "decided", decided -> writing,
				() -> Mono.error(new AssertionError("handed on"))));

		StepVerifier.create(served)
			.then(() -> assertThat(inFlight()).isEqualTo(1))
			.then(writing::complete)
			.expectComplete()
			.verify(Duration.ofSeconds(1));
		assertThat(inFlight()).isZero();
	}

	@Test
	void serveIfFreeNowTakesNoPermitForARequestItHandsOn() {
		long admitted = this.limiter.statistics().admitted();
		List<String> handedOn = new CopyOnWriteArrayList<>();

		Mono.from(this.filter.serveIfFreeNow(() -> null, decided -> Mono.error(new AssertionError("written")),
				() -> Mono.fromRunnable(() -> handedOn.add("undecided"))))
			.block(Duration.ofSeconds(1));
		Mono.from(this.filter.serveIfFreeNow(() -> {
			throw new IllegalStateException("deciding failed");
		}, decided -> Mono.error(new AssertionError("written")), () -> Mono.fromRunnable(() -> handedOn.add("failed"))))
			.block(Duration.ofSeconds(1));

		assertThat(handedOn).containsExactly("undecided", "failed");
		assertThat(this.limiter.statistics().admitted()).isEqualTo(admitted);
		assertThat(inFlight()).isZero();
	}

	@Test
	void serveIfFreeNowHandsTheRequestOnWhenNoPermitIsFree() {
		Permit busy = this.limiter.acquire().block();
		List<String> handedOn = new CopyOnWriteArrayList<>();

		Mono.from(this.filter.serveIfFreeNow(() -> "decided", decided -> Mono.error(new AssertionError("written")),
				() -> Mono.fromRunnable(() -> handedOn.add("queued elsewhere"))))
			.block(Duration.ofSeconds(1));

		assertThat(handedOn).containsExactly("queued elsewhere");
		assertThat(busy.release()).isTrue();
		assertThat(inFlight()).isZero();
	}

	@Test
	void answersTheBuiltIn503PageWithRetryAfterWhenNoPermitCanBeHad() {
		Permit busy = this.limiter.acquire().block();
		ServerResponse response = handle(request -> ServerResponse.ok().bodyValue("never served"));

		write(response).block(Duration.ofSeconds(1));

		assertThat(this.exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		HttpHeaders headers = this.exchange.getResponse().getHeaders();
		assertThat(headers.getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(headers.getContentType()).isEqualTo(MediaType.parseMediaType("text/html;charset=UTF-8"));
		assertThat(headers.getCacheControl()).isEqualTo("no-store");
		assertThat(this.exchange.getResponse().getBodyAsString().block())
			.contains("503 Service Unavailable", "try again in 1 second.")
			.doesNotContain("never served");
		assertThat(busy.release()).isTrue();
	}

	@Test
	void pluggedResponderGetsTheReasonAndTheRetryAfterHeaderIsAddedForIt() {
		List<RejectReason> reasons = new CopyOnWriteArrayList<>();
		RejectionResponder plainText = (request, reason, retryAfter) -> {
			reasons.add(reason);
			return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE).bodyValue("busy");
		};
		LimitFilter filter = new LimitFilter(this.limiter, Duration.ofMillis(1500), plainText);
		this.limiter.acquire().block();

		ServerResponse response = filter.filter(this.request, request -> ServerResponse.ok().build()).block();
		write(response).block(Duration.ofSeconds(1));

		assertThat(reasons).containsExactly(RejectReason.QUEUE_FULL);
		assertThat(this.exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
		assertThat(this.exchange.getResponse().getBodyAsString().block()).isEqualTo("busy");
	}

	@Test
	void answers503WhenTheQueueTimeoutExpires() {
		ConcurrencyLimiter queueing = new ConcurrencyLimiter(
				new Limit(1, 1, Duration.ofSeconds(5), Duration.ofSeconds(1)), new SimpleMeterRegistry());
		List<RejectReason> reasons = new CopyOnWriteArrayList<>();
		LimitFilter filter = new LimitFilter(queueing, Duration.ofSeconds(1), (request, reason, retryAfter) -> {
			reasons.add(reason);
			return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE).build();
		});
		queueing.acquire().block();

		StepVerifier.withVirtualTime(() -> filter.filter(this.request, request -> ServerResponse.ok().build()))
			.expectSubscription()
			.thenAwait(Duration.ofSeconds(5))
			.assertNext(response -> assertThat(response.statusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE))
			.expectComplete()
			.verify(Duration.ofSeconds(1));

		assertThat(reasons).containsExactly(RejectReason.TIMEOUT);
	}

	@Test
	void retryAfterIsInWholeSecondsRoundedUp() {
		assertThat(LimitFilter.retryAfterSeconds(Duration.ZERO)).isZero();
		assertThat(LimitFilter.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
		assertThat(LimitFilter.retryAfterSeconds(Duration.ofSeconds(1))).isEqualTo(1);
		assertThat(LimitFilter.retryAfterSeconds(Duration.ofMillis(2001))).isEqualTo(3);
	}

}

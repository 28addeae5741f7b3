package dev.staticflux.connection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP/1.1 guards on a connection of their own, without a server: what the two
 * handlers hand to their rules, and in which order.
 */
class Http11GuardsTests {

	private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);

	private final EmbeddedChannel channel = new EmbeddedChannel();

	Http11GuardsTests() {
		channel.freezeTime();
		channel.pipeline().addLast("codec", new HttpServerCodec(64, 8192, 8192));
		Http11Guards.install(channel.pipeline(), "codec", HEADER_TIMEOUT);
	}

	@AfterEach
	void close() {
		channel.finishAndReleaseAll();
	}

	@Test
	void putsTwoHandlersAroundTheCodec() {
		assertThat(channel.pipeline().names()).containsSubsequence(Http11Guards.BYTES_HANDLER, "codec",
				Http11Guards.MESSAGES_HANDLER);
		assertThat(channel.pipeline().names()).hasSize(4); // with the pipeline's tail
	}

	@Test
	void closesAConnectionWhoseHeadIsIncompleteWhenTheHeaderTimeoutPasses() {
		send("GET /index.html HTTP/1.1\r\nHost: exam");
		assertClosedOnceTheHeaderTimeoutHasPassed();
	}

	@Test
	void leavesAConnectionWhoseHeadArrivedInTimeToItsResponse() {
		send("GET /index.html HTTP/1.1\r\nHost: example.org\r\n\r\n");
		pass(HEADER_TIMEOUT.toMillis() * 2);
		assertThat(channel.isOpen()).isTrue();
		assertThat(channel.<HttpRequest>readInbound().uri()).isEqualTo("/index.html");
	}

	@Test
	void timesTheNextHeadOfAKeepAliveConnectionFromItsFirstByte() {
		send("GET /a HTTP/1.1\r\nHost: example.org\r\n\r\n");
		ReferenceCountUtil.release(channel.readInbound());
		ReferenceCountUtil.release(channel.readInbound());
		channel.writeAndFlush(ok());
		written();
		pass(6_000);
		send("GET /b HTTP/1.1\r\nHost: exam");

		assertClosedOnceTheHeaderTimeoutHasPassed();
	}

	@Test
	void leavesAKeepAliveConnectionWhoseHeadsEachArriveInTimeOpenPastManyTimeouts() {
		for (int i = 0; i < 50; i++) {
			send("GET /a HTTP/1.1\r\nHost: exam");
			pass(HEADER_TIMEOUT.toMillis() / 2);
			send("ple.org\r\n\r\n");
			ReferenceCountUtil.release(channel.readInbound());
			ReferenceCountUtil.release(channel.readInbound());
			channel.writeAndFlush(ok());
			written();
		}

		assertThat(channel.isOpen()).isTrue();
	}

	@Test
	void closesAfterThePipelinedRequestThatAskedForItNotBefore() {
		send("GET /a HTTP/1.1\r\nHost: example.org\r\n\r\n"
				+ "GET /b HTTP/1.1\r\nHost: example.org\r\nConnection: close\r\n\r\n");
		HttpRequest a = channel.readInbound();
		ReferenceCountUtil.release(channel.readInbound());
		HttpRequest b = channel.readInbound();
		ReferenceCountUtil.release(channel.readInbound());
		assertThat(a.uri()).isEqualTo("/a");
		assertThat(b.headers().contains(HttpHeaderNames.CONNECTION)).isFalse();

		channel.writeAndFlush(ok());
		assertThat(channel.isOpen()).isTrue();
		assertThat(written()).doesNotContainIgnoringCase("connection: close");
		channel.writeAndFlush(ok());
		assertThat(channel.isOpen()).isFalse();
		assertThat(written()).containsIgnoringCase("connection: close");
	}

	@Test
	void dropsWhatIsPipelinedAfterTheRequestThatAskedToClose() {
		send("GET /a HTTP/1.1\r\nHost: example.org\r\n\r\n"
				+ "GET /b HTTP/1.1\r\nHost: example.org\r\nConnection: close\r\n\r\n"
				+ "GET /c HTTP/1.1\r\nHost: example.org\r\n\r\n");
		assertThat(channel.inboundMessages()).filteredOn(HttpRequest.class::isInstance)
			.map((msg) -> ((HttpRequest) msg).uri())
			.containsExactly("/a", "/b");
	}

	@Test
	void marksAHeadWithoutHostAsAFailureBeforeItIsHandedOn() {
		send("GET /a HTTP/1.1\r\n\r\n");
		assertThat(channel.<HttpRequest>readInbound().decoderResult().isFailure()).isTrue();
	}

	@Test
	void carriesTheFirstLineOfAHeadTheDecoderCouldNotParse() {
		String line = "GET /" + "a".repeat(100) + " HTTP/1.1";
		send(line + "\r\nHost: example.org\r\n\r\n");
		HttpRequest standIn = channel.readInbound();
		assertThat(standIn.decoderResult().isFailure()).isTrue();
		assertThat(standIn.headers().get(ConnectionGuards.UNPARSED_HEAD))
			.isEqualTo(HexFormat.of().formatHex(line.getBytes(StandardCharsets.ISO_8859_1)));
	}

	@Test
	void removesTheUnparsedHeadFieldAClientSent() {
		send("GET /a HTTP/1.1\r\nHost: example.org\r\n" + ConnectionGuards.UNPARSED_HEAD + ": 41\r\n\r\n");
		assertThat(channel.<HttpRequest>readInbound().headers().contains(ConnectionGuards.UNPARSED_HEAD)).isFalse();
	}

	@Test
	void closesOnABrokenChunkedBodyOnceTheResponseInProgressIsWritten() {
		send("GET /a HTTP/1.1\r\nHost: example.org\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
		assertThat(channel.<HttpRequest>readInbound().uri()).isEqualTo("/a");
		assertThat(channel.inboundMessages()).isEmpty();
		assertThat(channel.isOpen()).isTrue();

		channel.writeAndFlush(ok());
		assertThat(channel.isOpen()).isFalse();
	}

	/**
	 * Lets the header timeout pass from now, less a millisecond (still open) and then
	 * whole (closed).
	 */
	private void assertClosedOnceTheHeaderTimeoutHasPassed() {
		pass(HEADER_TIMEOUT.toMillis() - 1);
		assertThat(channel.isOpen()).isTrue();

		pass(1);
		assertThat(channel.isOpen()).isFalse();
	}

	/** Moves the channel's clock on and runs what was due. */
	private void pass(long millis) {
		channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
		channel.runScheduledPendingTasks();
	}

	private void send(String bytes) {
		channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
	}

	/** What was written since the last call. */
	private String written() {
		StringBuilder written = new StringBuilder();
		for (ByteBuf bytes = channel.readOutbound(); bytes != null; bytes = channel.readOutbound()) {
			written.append(bytes.toString(StandardCharsets.ISO_8859_1));
			bytes.release();
		}
		return written.toString();
	}

	private static FullHttpResponse ok() {
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
		response.headers().set(HttpHeaderNames.CONTENT_LENGTH, HttpHeaderValues.ZERO);
		return response;
	}

}

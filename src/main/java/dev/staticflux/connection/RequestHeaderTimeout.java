package dev.staticflux.connection;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import reactor.netty.NettyPipeline;

/**
 * Slowloris protection for one HTTP/1.1 connection: the request line and headers must
 * arrive whole within {@code staticflux.timeouts.request-header}, or the connection is
 * closed without an answer.
 *
 * <p>
 * Reactor Netty's own timeouts do not cover this: its idle timeout is reset by every byte
 * read, so a client trickling one header byte at a time never trips it, and its
 * {@code readTimeout} and {@code requestTimeout} only start once the headers are in.
 *
 * <p>
 * The clock starts when the connection opens, and on a keep-alive connection when the
 * first byte of the next request arrives after every earlier request has been answered (a
 * silent keep-alive connection is left to the idle timeout). It stops when the HTTP codec
 * has decoded a request's head, including a head it rejected (Reactor Netty then answers
 * 4xx itself). Two handlers share this state: one before the codec sees raw bytes, one
 * after it sees decoded requests and the end of each response. Everything runs on the
 * connection's event loop, so the state needs no synchronisation.
 */
final class RequestHeaderTimeout {

	static final String BYTES_HANDLER = "staticflux.requestHeaderTimeout.bytes";

	static final String REQUESTS_HANDLER = "staticflux.requestHeaderTimeout.requests";

	private final long timeoutNanos;

	/**
	 * Requests whose head was decoded and whose response has not been written to the end
	 * yet.
	 */
	private int unanswered;

	private @Nullable ScheduledFuture<?> timer;

	private RequestHeaderTimeout(Duration timeout) {
		this.timeoutNanos = timeout.toNanos();
	}

	/**
	 * Installs the timeout around the pipeline's HTTP/1.1 codec, the handler named
	 * {@code codec}.
	 */
	static void install(ChannelPipeline pipeline, String codec, Duration timeout) {
		RequestHeaderTimeout state = new RequestHeaderTimeout(timeout);
		pipeline.addBefore(codec, BYTES_HANDLER, state.new BytesWatcher());
		pipeline.addAfter(codec, REQUESTS_HANDLER, state.new RequestWatcher());
	}

	private void start(ChannelHandlerContext ctx) {
		if (timer == null && unanswered == 0 && ctx.channel().isActive()) {
			timer = ctx.executor().schedule(() -> expire(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
		}
	}

	private void expire(ChannelHandlerContext ctx) {
		timer = null;
		ctx.channel().close();
	}

	private void stop() {
		if (timer != null) {
			timer.cancel(false);
			timer = null;
		}
	}

	/**
	 * Before the codec: starts the clock at connection open and at the first byte of a
	 * new request.
	 */
	private final class BytesWatcher extends ChannelInboundHandlerAdapter {

		@Override
		public void handlerAdded(ChannelHandlerContext ctx) {
			start(ctx);
		}

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			start(ctx);
			ctx.fireChannelActive();
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
				start(ctx);
			}
			ctx.fireChannelRead(msg);
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			stop();
			ctx.fireChannelInactive();
		}

	}

	/**
	 * After the codec: stops the clock when a request head is decoded, counts the
	 * responses finished.
	 */
	private final class RequestWatcher extends ChannelDuplexHandler {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof HttpRequest) {
				unanswered++;
				stop();
			}
			ctx.fireChannelRead(msg);
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
			// An interim 100 Continue is a full response too, but the request it answers
			// is still open.
			boolean interim = msg instanceof HttpResponse response
					&& response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
			if (msg instanceof LastHttpContent && !interim && unanswered > 0) {
				unanswered--;
			}
			ctx.write(msg, promise);
		}

		@Override
		public void handlerRemoved(ChannelHandlerContext ctx) {
			stop();
		}

	}

}

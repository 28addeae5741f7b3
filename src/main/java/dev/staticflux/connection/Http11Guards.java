package dev.staticflux.connection;

import java.time.Duration;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * The HTTP/1.1 guards of one connection, as two handlers around its codec that hand what
 * passes to the single-purpose rules in a fixed order:
 * <ul>
 * <li>before the codec, the raw bytes: {@link RequestLineRecorder}, then the start of the
 * {@link RequestHeaderTimeout};</li>
 * <li>after it, each decoded message on its way in: the end of the header timeout,
 * {@link RequestHeadCheck}, {@link PipelinedClose}, {@link BodyFramingGuard} (either of
 * the last two may drop it);</li>
 * <li>each response message on its way out: {@link WritabilityGate} (which may hold it),
 * then {@link BodyFramingGuard}, {@link PipelinedClose} (either may have the connection
 * closed once it is written) and the header timeout's count of answered requests.</li>
 * </ul>
 * Two handlers rather than one per rule because a connection builds, runs through and
 * tears down each handler of its pipeline: for a connection that carries one request, the
 * handlers themselves were a measurable part of its cost (docs/PERFORMANCE.md, "A fresh
 * connection's cost"). When the connection switches to HTTP/2 (an {@code Upgrade: h2c},
 * or the HTTP/2 preface sent straight away) its requests no longer pass the HTTP/1.1
 * codec, so both handlers leave: the header timeout would otherwise close it, busy or
 * not, once the timeout had passed. Everything runs on the connection's event loop.
 */
final class Http11Guards {

	static final String BYTES_HANDLER = "staticflux.http11Guards.bytes";

	static final String MESSAGES_HANDLER = "staticflux.http11Guards.messages";

	private final RequestLineRecorder requestLine = new RequestLineRecorder();

	private final RequestHeaderTimeout headerTimeout;

	private final RequestHeadCheck headCheck = new RequestHeadCheck(requestLine);

	private final PipelinedClose pipelinedClose = new PipelinedClose();

	private final BodyFramingGuard bodyFraming = new BodyFramingGuard();

	private final WritabilityGate writability = new WritabilityGate();

	private Http11Guards(Duration headerTimeout) {
		this.headerTimeout = new RequestHeaderTimeout(headerTimeout);
	}

	/**
	 * Installs the guards around the pipeline's HTTP/1.1 codec, the handler named
	 * {@code codec}.
	 */
	static void install(ChannelPipeline pipeline, String codec, Duration headerTimeout) {
		Http11Guards guards = new Http11Guards(headerTimeout);
		pipeline.addBefore(codec, BYTES_HANDLER, guards.new Bytes());
		pipeline.addAfter(codec, MESSAGES_HANDLER, guards.new Messages());
	}

	/** Before the codec: records the request line, starts the header timeout. */
	private final class Bytes extends ChannelInboundHandlerAdapter {

		@Override
		public void handlerAdded(ChannelHandlerContext ctx) {
			headerTimeout.start(ctx);
		}

		@Override
		public void channelActive(ChannelHandlerContext ctx) {
			headerTimeout.start(ctx);
			ctx.fireChannelActive();
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof ByteBuf bytes) {
				requestLine.record(bytes);
				if (bytes.isReadable()) {
					headerTimeout.start(ctx);
				}
			}
			ctx.fireChannelRead(msg);
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			headerTimeout.stop();
			ctx.fireChannelInactive();
		}

	}

	/** After the codec: decoded requests in, response messages out. */
	private final class Messages extends ChannelDuplexHandler {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof HttpRequest request) {
				headerTimeout.headDecoded();
				headCheck.check(request);
			}
			if (!pipelinedClose.read(msg) || !bodyFraming.read(ctx, msg)) {
				ReferenceCountUtil.release(msg);
				return;
			}
			ctx.fireChannelRead(msg);
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
			if (writability.pass(ctx.channel(), msg, promise)) {
				passOn(ctx, msg, promise);
			}
		}

		private void passOn(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
			// An interim 100 Continue is a full response too, but the request it answers
			// is still open.
			boolean interim = msg instanceof HttpResponse response
					&& response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
			boolean close = bodyFraming.write(msg, interim);
			close |= pipelinedClose.write(msg, interim);
			if (msg instanceof LastHttpContent && !interim) {
				headerTimeout.responseEnded();
			}
			if (close) {
				ctx.write(msg, promise.unvoid()).addListener(ChannelFutureListener.CLOSE);
			}
			else {
				ctx.write(msg, promise);
			}
		}

		@Override
		public void channelWritabilityChanged(ChannelHandlerContext ctx) {
			if (writability.release(ctx.channel(), (msg, promise) -> passOn(ctx, msg, promise))) {
				ctx.flush();
			}
			ctx.fireChannelWritabilityChanged();
		}

		@Override
		public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
			if (event instanceof HttpServerUpgradeHandler.UpgradeEvent
					|| event instanceof CleartextHttp2ServerUpgradeHandler.PriorKnowledgeUpgradeEvent) {
				ChannelPipeline pipeline = ctx.pipeline();
				if (pipeline.get(BYTES_HANDLER) != null) {
					pipeline.remove(BYTES_HANDLER);
				}
				pipeline.remove(this);
			}
			ctx.fireUserEventTriggered(event);
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			writability.discard();
			ctx.fireChannelInactive();
		}

		@Override
		public void handlerRemoved(ChannelHandlerContext ctx) {
			headerTimeout.stop();
			writability.discard();
		}

	}

}

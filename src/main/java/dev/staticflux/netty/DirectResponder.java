package dev.staticflux.netty;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

import dev.staticflux.engine.Decision;
import dev.staticflux.engine.DecisionPerformer;
import dev.staticflux.engine.Reply;
import dev.staticflux.http.ServedFile;
import dev.staticflux.limit.Permit;
import dev.staticflux.stats.ResponseAccounting;

/**
 * Answers file requests on one HTTP/1.x connection straight from the HTTP codec, before
 * Reactor Netty builds its per-request operations; every other request passes on,
 * untouched, to Reactor Netty and from there to {@link NettyFileRoute} and WebFlux. The
 * decision is the engine core's, asked through {@link NettyFileRoute#decide} (the same
 * candidates as that adapter); the I/O a decision needs is carried out by the same
 * {@link DecisionPerformer} as the WebFlux adapter's, on the file-I/O threads; the permit
 * comes from the same limiter; and the response is counted and logged by the same
 * {@link ResponseAccounting} once its last byte is written. So a response is the one the
 * other adapters would send, byte for byte.
 *
 * <p>
 * Answered here: a reply decided without I/O; and, on a connection without TLS, a GET or
 * HEAD without {@code Range} whose decision needs I/O (a miss, a revalidation, a file
 * sent from disk): its reply then has an in-memory body or the whole file as one
 * {@code sendfile} region, both written here. A request with {@code Range} whose decision
 * needs I/O, or any such request over TLS, is handed on (its multipart or read-through
 * bodies are WebFlux's to write), as is every request when no permit is free at once.
 *
 * <p>
 * Installed just before Reactor Netty's traffic handler, after the connection guards
 * (header timeout, head checks, pipelining close, body framing, writability gate), whose
 * view of requests and responses it keeps: every response written here passes them all.
 * The rules it keeps itself:
 * <ul>
 * <li><b>Order</b> (RFC 9112 §9.3.2): responses go out in the order of the requests.
 * While a request handed on is unanswered (counted from its head until its final
 * response's {@code LastHttpContent} passes here on the way out; a 1xx is not final),
 * every later one is handed on too; while a request's I/O is under way here, what arrives
 * after it waits here, and is read on once its response is written.</li>
 * <li><b>Persistence</b> (RFC 9112 §9.3): a request that does not keep the connection
 * alive ({@code Connection: close}, or HTTP/1.0, whose responses here never say
 * {@code keep-alive}) gets {@code Connection: close} where its version has the option,
 * and the connection is closed once the response is written; what the client sent after
 * it is dropped, as Reactor Netty does. The response's version is the request's.</li>
 * <li><b>Reading</b>: the server reads only on demand (Reactor Netty turns auto-read
 * off), so once the requests of a read are answered here with nothing handed on and no
 * I/O under way, it asks for the next read itself, and only while the connection is
 * writable, so a client that pipelines without reading is not answered into memory
 * without bound.</li>
 * <li><b>The request body</b>: a request with one ({@code Content-Length},
 * {@code Transfer-Encoding}), or with {@code Expect} or {@code Upgrade}, is handed on;
 * the empty last content the codec sends after a body-less request answered here is
 * dropped.</li>
 * </ul>
 * The permit is held until the response is written or the connection fails, as the other
 * adapters hold theirs; the body file is closed then too. One instance per connection, on
 * its event loop only.
 *
 * <p>
 * Why one class of this length: the rules above are one state machine over one
 * connection's state (requests handed on, I/O under way, what waits, persistence,
 * reading, closing); each rule reads and changes the others' fields, and split apart they
 * would have to share that state through accessors that hide the invariants.
 */
final class DirectResponder extends ChannelDuplexHandler {

	static final String NAME = "staticflux.directResponder";

	private final NettyFileRoute route;

	private final DecisionPerformer performer;

	private final ResponseAccounting accounting;

	/** Requests handed on whose final response has not yet passed here. */
	private int handedOn;

	/** Whether a request's I/O is under way here. */
	private boolean performing;

	/** What arrived while a request's I/O was under way, in order. */
	private final Deque<Object> waiting = new ArrayDeque<>();

	/** Whether the content of the request being read goes on (or is dropped). */
	private boolean passingContent;

	/** Whether the content of the request being read is dropped. */
	private boolean droppingContent;

	/** Whether the connection closes after a response written here. */
	private boolean closing;

	/** Whether responses were written here since the last flush. */
	private boolean unflushed;

	/** Whether the next read is asked for here once the connection is writable again. */
	private boolean readWhenWritable;

	/** Whether requests were answered here since the last read was asked for. */
	private boolean answeredInRead;

	/**
	 * Whether a message went on to Reactor Netty since the last read completed: only then
	 * does it hear of the read's end ({@code HttpTrafficHandler} flushes what it wrote
	 * for what it read).
	 */
	private boolean forwarded;

	/** Whether the connection has TLS, so that no {@code sendfile} region is written. */
	private boolean secure;

	/**
	 * Requests taken here whose response is not yet written: under way on the file-I/O
	 * threads, or written and not yet sent.
	 */
	private int responding;

	/** A close asked for while responses were under way, done once they are sent. */
	private @Nullable ChannelPromise closeWhenSent;

	DirectResponder(NettyFileRoute route, DecisionPerformer performer, ResponseAccounting accounting) {
		this.route = route;
		this.performer = performer;
		this.accounting = accounting;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		secure = ctx.pipeline().get(SslHandler.class) != null;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (closing) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (performing) {
			waiting.add(msg);
			return;
		}
		if (msg instanceof HttpRequest request) {
			if (handedOn == 0 && answer(ctx, request)) {
				droppingContent = !(msg instanceof LastHttpContent);
				passingContent = false;
				ReferenceCountUtil.release(msg);
				return;
			}
			handOn(ctx, request);
			return;
		}
		if (droppingContent && msg instanceof HttpContent) {
			droppingContent = !(msg instanceof LastHttpContent);
			ReferenceCountUtil.release(msg);
			return;
		}
		if (passingContent && msg instanceof LastHttpContent) {
			passingContent = false;
		}
		forwarded = true;
		ctx.fireChannelRead(msg);
	}

	private void handOn(ChannelHandlerContext ctx, HttpRequest request) {
		handedOn++;
		passingContent = !(request instanceof LastHttpContent);
		droppingContent = false;
		forwarded = true;
		ctx.fireChannelRead(request);
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		flushAndReadOn(ctx);
		if (forwarded) {
			forwarded = false;
			ctx.fireChannelReadComplete();
		}
	}

	private void flushAndReadOn(ChannelHandlerContext ctx) {
		if (unflushed) {
			unflushed = false;
			ctx.flush();
		}
		if (answeredInRead && !performing) {
			answeredInRead = false;
			if (handedOn == 0 && !closing && !passingContent) {
				if (ctx.channel().isWritable()) {
					ctx.read();
				}
				else {
					readWhenWritable = true;
				}
			}
		}
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		if (readWhenWritable && ctx.channel().isWritable()) {
			readWhenWritable = false;
			if (handedOn == 0 && !closing && !performing) {
				ctx.read();
			}
		}
		ctx.fireChannelWritabilityChanged();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		discardWaiting();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		discardWaiting();
	}

	/**
	 * Holds a close back until the responses under way here are sent. Reactor Netty's
	 * graceful shutdown closes every connection that has no Reactor Netty request under
	 * way, which a connection answered here never has; a download under way here is so
	 * finished first, as Reactor Netty finishes its own. A connection a client does not
	 * read is still closed by the send timeout, below this handler.
	 */
	@Override
	public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
		if (responding == 0) {
			ctx.close(promise);
			return;
		}
		ChannelPromise earlier = closeWhenSent;
		if (earlier != null) {
			earlier.addListener(closed -> promise.trySuccess());
			return;
		}
		closeWhenSent = promise;
	}

	private void responded(ChannelHandlerContext ctx) {
		responding--;
		route.responded();
		ChannelPromise close = closeWhenSent;
		if (responding == 0 && close != null) {
			closeWhenSent = null;
			ctx.close(close);
		}
	}

	private void discardWaiting() {
		while (!waiting.isEmpty()) {
			ReferenceCountUtil.release(waiting.poll());
		}
	}

	/** Counts the final responses of the requests handed on, as they go out. */
	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (msg instanceof LastHttpContent && handedOn > 0 && !(msg instanceof HttpResponse response
				&& response.status().codeClass() == HttpStatusClass.INFORMATIONAL)) {
			handedOn--;
		}
		ctx.write(msg, promise);
	}

	/**
	 * Answers the request here, at once or after its I/O, when the core has a decision
	 * for it that this handler may carry out and a permit is free.
	 */
	private boolean answer(ChannelHandlerContext ctx, HttpRequest request) {
		HttpHeaders headers = request.headers();
		if (!request.decoderResult().isSuccess() || headers.contains(HttpHeaderNames.EXPECT)
				|| headers.contains(HttpHeaderNames.UPGRADE)) {
			return false;
		}
		long start = accounting.nowMicros();
		SocketAddress remote = ctx.channel().remoteAddress();
		Decision decision = route.decide(request.method(), request.uri(), headers,
				new NettyRequestView(request.method(), request.uri(), headers,
						(remote instanceof InetSocketAddress inet) ? inet : null, request.protocolVersion().text()));
		if (decision == null
				|| !(decision instanceof Decision.Respond || (!secure && !headers.contains(HttpHeaderNames.RANGE)))) {
			return false;
		}
		Permit permit = route.admission().admitNow();
		if (permit == null) {
			return false;
		}
		responding++;
		route.responding();
		Exchange exchange = new Exchange(request, permit, start, remote);
		if (decision instanceof Decision.Respond respond) {
			exchange.write(ctx, respond, null);
			return true;
		}
		performing = true;
		performer.perform(decision)
			.whenComplete(
					(performed, failure) -> ctx.executor().execute(() -> performed(ctx, exchange, performed, failure)));
		return true;
	}

	/**
	 * Writes the reply of a request whose I/O is done, then reads on what waited for it.
	 * On the connection's event loop.
	 */
	private void performed(ChannelHandlerContext ctx, Exchange exchange,
			DecisionPerformer.@Nullable Performed performed, @Nullable Throwable failure) {
		performing = false;
		if (performed == null || !ctx.channel().isActive()) {
			if (performed != null && performed.file() != null) {
				performed.file().close();
			}
			exchange.permit.release();
			responded(ctx);
			if (failure != null && ctx.channel().isActive()) {
				// only a refused task or a failure the core could not answer: the
				// connection cannot be answered in order any more
				ctx.close();
			}
			discardWaiting();
			return;
		}
		exchange.write(ctx, performed.respond(), performed.file());
		while (!waiting.isEmpty() && !performing && !closing) {
			channelRead(ctx, waiting.poll());
		}
		if (closing) {
			discardWaiting();
		}
		flushAndReadOn(ctx);
	}

	/**
	 * Whether the connection stays open after this response, as Reactor Netty decides it
	 * for the responses it writes: when both the request and the response keep it alive
	 * (RFC 9112 §9.3: an HTTP/1.0 message only with {@code Connection: keep-alive}, which
	 * the engine never sends, so an HTTP/1.0 connection closes) and the response's length
	 * is known without a close.
	 */
	private static boolean keepsAlive(HttpRequest request, HttpResponse response) {
		if (!HttpUtil.isKeepAlive(request) || !HttpUtil.isKeepAlive(response)) {
			return false;
		}
		int status = response.status().code();
		return HttpUtil.isContentLengthSet(response) || status == 204 || status == 304;
	}

	/** One request answered here: what its response is written and accounted with. */
	private final class Exchange {

		private final HttpRequest request;

		private final Permit permit;

		private final long start;

		private final @Nullable SocketAddress remote;

		Exchange(HttpRequest request, Permit permit, long start, @Nullable SocketAddress remote) {
			this.request = request;
			this.permit = permit;
			this.start = start;
			this.remote = remote;
		}

		/**
		 * Writes the reply: one {@code FullHttpResponse} for a body in memory, or the
		 * head, the file's {@code sendfile} region and the last content.
		 * @param file the opened body file the reply reads, or {@code null}
		 */
		void write(ChannelHandlerContext ctx, Decision.Respond respond, @Nullable ServedFile file) {
			try {
				Reply reply = route.sendingFromCodec(respond);
				Reply.Body body = reply.body();
				HttpResponseStatus status = HttpResponseStatus.valueOf(reply.status().value());
				HttpResponse response;
				Object region = null;
				if (body instanceof Reply.FileRange range && file != null) {
					response = new DefaultHttpResponse(request.protocolVersion(), status, HeaderStrings.UNCHECKED);
					region = file.region(range.position(), range.count());
				}
				else {
					ByteBuf bytes = NettyFileRoute.body(body);
					// no trailers: the length is known, so the body is never chunked
					response = new DefaultFullHttpResponse(request.protocolVersion(), status,
							(bytes != null) ? bytes : Unpooled.EMPTY_BUFFER, HeaderStrings.UNCHECKED.newHeaders(),
							EmptyHttpHeaders.INSTANCE);
				}
				HttpHeaders headers = response.headers();
				HeaderStrings.copy(reply.headerList(), headers);
				boolean keepAlive = keepsAlive(request, response);
				if (!keepAlive) {
					HttpUtil.setKeepAlive(response, false);
					closing = true;
				}
				String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
				WrittenReply written = new WrittenReply(request, response,
						(length != null) ? Long.parseLong(length) : -1, start, remote);
				ChannelPromise last = ctx.newPromise();
				last.addListener(future -> {
					if (file != null) {
						file.close();
					}
					permit.release();
					responded(ctx);
					if (future.isSuccess()) {
						accounting.completed(written, start);
					}
				});
				if (region != null) {
					ctx.write(response);
					ctx.write(region);
					ctx.write(LastHttpContent.EMPTY_LAST_CONTENT, last);
				}
				else {
					ctx.write(response, last);
				}
				if (!keepAlive) {
					last.addListener(ChannelFutureListener.CLOSE);
				}
			}
			catch (RuntimeException ex) {
				if (file != null) {
					file.close();
				}
				permit.release();
				responded(ctx);
				throw ex;
			}
			unflushed = true;
			answeredInRead = true;
		}

	}

}

package dev.staticflux.netty;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

import dev.staticflux.engine.Decision;
import dev.staticflux.engine.Reply;
import dev.staticflux.limit.Permit;
import dev.staticflux.stats.ResponseAccounting;

/**
 * Answers, on one HTTP/1.x connection, the requests whose reply the engine core decides
 * without I/O, straight from the HTTP codec, before Reactor Netty builds its per-request
 * operations; every other request passes on, untouched, to Reactor Netty and from there
 * to {@link NettyFileRoute} and WebFlux. What it answers is decided by the same
 * {@link NettyFileRoute#replyWithoutIo} and admitted by the same limiter, and counted and
 * logged by the same {@link ResponseAccounting} once the last byte is written, so a reply
 * is the one the other adapters would send, byte for byte.
 *
 * <p>
 * Installed just before Reactor Netty's traffic handler, after the connection guards
 * (header timeout, head checks, pipelining close, body framing, writability gate), whose
 * view of requests and responses it keeps: each response it writes is a
 * {@code FullHttpResponse} that passes them all. The rules it keeps itself:
 * <ul>
 * <li><b>Order</b> (RFC 9112 §9.3.2): responses go out in the order of the requests, so
 * while a request handed on is unanswered (counted from its head until its final
 * response's {@code LastHttpContent} passes here on the way out; a 1xx is not final),
 * every later one is handed on too.</li>
 * <li><b>Persistence</b> (RFC 9112 §9.3): a request that does not keep the connection
 * alive ({@code Connection: close}, or HTTP/1.0 without {@code keep-alive}) gets
 * {@code Connection: close} and the connection is closed once the response is written;
 * whatever the client sent after it is dropped, as Reactor Netty does.</li>
 * <li><b>Reading</b>: the server reads only on demand (Reactor Netty turns auto-read
 * off), so after a batch of requests answered here with nothing handed on, it asks for
 * the next read itself, and only while the connection is writable, so a client that
 * pipelines without reading is not answered into memory without bound.</li>
 * <li><b>The request body</b>: a request with one ({@code Content-Length},
 * {@code Transfer-Encoding}), or with {@code Expect} or {@code Upgrade}, is handed on;
 * the empty last content the codec sends after a body-less request answered here is
 * dropped.</li>
 * </ul>
 * The permit is held until the response is written or the connection fails, as the other
 * adapters hold theirs. One instance per connection, on its event loop only.
 */
final class DirectResponder extends ChannelDuplexHandler {

	static final String NAME = "staticflux.directResponder";

	private final NettyFileRoute route;

	private final ResponseAccounting accounting;

	/** Requests handed on whose final response has not yet passed here. */
	private int handedOn;

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

	/** Whether requests were answered here in the current read. */
	private boolean answeredInRead;

	DirectResponder(NettyFileRoute route, ResponseAccounting accounting) {
		this.route = route;
		this.accounting = accounting;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (closing) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (msg instanceof HttpRequest request) {
			if (handedOn == 0 && answer(ctx, request)) {
				droppingContent = !(msg instanceof LastHttpContent);
				passingContent = false;
				ReferenceCountUtil.release(msg);
				return;
			}
			handedOn++;
			passingContent = !(msg instanceof LastHttpContent);
			droppingContent = false;
			ctx.fireChannelRead(msg);
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
		ctx.fireChannelRead(msg);
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		if (unflushed) {
			unflushed = false;
			ctx.flush();
		}
		if (answeredInRead) {
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
		ctx.fireChannelReadComplete();
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		if (readWhenWritable && ctx.channel().isWritable()) {
			readWhenWritable = false;
			if (handedOn == 0 && !closing) {
				ctx.read();
			}
		}
		ctx.fireChannelWritabilityChanged();
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

	/** Writes the reply when there is one decided without I/O and a permit is free. */
	private boolean answer(ChannelHandlerContext ctx, HttpRequest request) {
		HttpHeaders headers = request.headers();
		if (!request.decoderResult().isSuccess() || headers.contains(HttpHeaderNames.EXPECT)
				|| headers.contains(HttpHeaderNames.UPGRADE)) {
			return false;
		}
		long start = accounting.nowMicros();
		SocketAddress remote = ctx.channel().remoteAddress();
		String protocol = request.protocolVersion().text();
		Decision.Respond decided = route.replyWithoutIo(request.method(), request.uri(), headers,
				new NettyRequestView(request.method(), request.uri(), headers,
						(remote instanceof InetSocketAddress inet) ? inet : null, protocol));
		if (decided == null) {
			return false;
		}
		Permit permit = route.admission().admitNow();
		if (permit == null) {
			return false;
		}
		try {
			write(ctx, request, route.sendingFromCodec(decided), permit, start, remote);
		}
		catch (RuntimeException ex) {
			permit.release();
			throw ex;
		}
		return true;
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

	private void write(ChannelHandlerContext ctx, HttpRequest request, Reply reply, Permit permit, long start,
			@Nullable SocketAddress remote) {
		ByteBuf body = NettyFileRoute.body(reply.body());
		FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(),
				HttpResponseStatus.valueOf(reply.status().value()), (body != null) ? body : Unpooled.EMPTY_BUFFER);
		HttpHeaders headers = response.headers();
		NettyFileRoute.copyHeaders(reply, headers);
		boolean keepAlive = keepsAlive(request, response);
		if (!keepAlive) {
			HttpUtil.setKeepAlive(response, false);
			closing = true;
		}
		String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
		WrittenReply written = new WrittenReply(request, response, (length != null) ? Long.parseLong(length) : -1,
				start, remote);
		ChannelPromise promise = ctx.newPromise();
		promise.addListener(future -> {
			permit.release();
			if (future.isSuccess()) {
				accounting.completed(written, written.startMicros());
			}
		});
		ctx.write(response, promise);
		if (!keepAlive) {
			promise.addListener(ChannelFutureListener.CLOSE);
		}
		unflushed = true;
		answeredInRead = true;
	}

}

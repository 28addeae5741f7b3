package dev.staticflux.connection;

import java.util.ArrayDeque;
import java.util.Deque;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Makes {@code Connection: close} on a pipelined HTTP/1.1 request close the connection
 * after that request's response, not before.
 *
 * <p>
 * Reactor Netty 1.3 decides whether a connection stays open when it decodes a request,
 * not when it answers it: if a client pipelines {@code A} and
 * {@code B (Connection: close)} in one write and {@code B} is decoded before {@code A}'s
 * response is written (say {@code A} is a cache miss), {@code A}'s response already says
 * {@code connection: close} and {@code B} is dropped unanswered. So the close option is
 * taken off a request that arrives while earlier ones are unanswered, and put back on
 * that request's own response, after which the connection is closed; anything the client
 * pipelines after such a request is dropped, as RFC 9112 §9.6 allows.
 */
final class PipelinedCloseHandler extends ChannelDuplexHandler {

	static final String NAME = "staticflux.pipelinedClose";

	/**
	 * One entry per request not yet answered, in order: whether to close after its
	 * response.
	 */
	private final Deque<Boolean> closeAfter = new ArrayDeque<>();

	private boolean closing;

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (closing) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (msg instanceof HttpRequest request) {
			boolean close = !closeAfter.isEmpty() && HttpVersion.HTTP_1_1.equals(request.protocolVersion())
					&& request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
			if (close) {
				request.headers().remove(HttpHeaderNames.CONNECTION);
				closing = true;
			}
			closeAfter.add(close);
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		boolean interim = msg instanceof HttpResponse response
				&& response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
		boolean closeNow = Boolean.TRUE.equals(closeAfter.peek()) && !interim;
		if (closeNow && msg instanceof HttpResponse response) {
			HttpUtil.setKeepAlive(response, false);
		}
		if (msg instanceof LastHttpContent && !interim && !closeAfter.isEmpty()) {
			closeAfter.poll();
			if (closeNow) {
				ctx.write(msg, promise.unvoid()).addListener(ChannelFutureListener.CLOSE);
				return;
			}
		}
		ctx.write(msg, promise);
	}

}

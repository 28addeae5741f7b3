package dev.staticflux.config;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

/**
 * Rejects request heads that Netty's HTTP/1.x decoder lets through but RFC 9112 does not, before they reach
 * Reactor Netty: a protocol other than HTTP/1.0 or HTTP/1.1 ({@code HTTP/9.9} would otherwise be answered
 * with an {@code HTTP/9.9 200} status line, {@code FOO/1.1} too), and an HTTP/1.1 request without exactly one
 * {@code Host} header (RFC 9112 §3.2). Both get 400, as Reactor Netty answers {@code HTTP/2.0}: a client's
 * mistake, not a 505 that would count as a server error. The answer is empty and the connection is closed,
 * like Reactor Netty's answers to heads its decoder rejects; anything the client sends after it is dropped.
 * Decoder failures themselves are left to Reactor Netty (400, 414, 431).
 */
final class RequestHeadCheck extends ChannelInboundHandlerAdapter {

	static final String NAME = "staticflux.requestHeadCheck";

	private boolean rejected;

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (rejected) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
			if (!acceptable(request)) {
				rejected = true;
				ReferenceCountUtil.release(msg);
				FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
						HttpResponseStatus.BAD_REQUEST);
				response.headers()
					.set(HttpHeaderNames.CONTENT_LENGTH, 0)
					.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
				ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
				return;
			}
		}
		ctx.fireChannelRead(msg);
	}

	static boolean acceptable(HttpRequest request) {
		HttpVersion version = request.protocolVersion();
		if (HttpVersion.HTTP_1_0.equals(version)) {
			return true;
		}
		return HttpVersion.HTTP_1_1.equals(version) && request.headers().getAll(HttpHeaderNames.HOST).size() == 1;
	}

}

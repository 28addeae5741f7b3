package dev.staticflux.connection;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Ends a connection whose request body turns out to be malformed (a bad chunk size, say)
 * after its head was accepted, without a second response.
 *
 * <p>
 * A static-file server answers a GET from its head, so by the time the decoder meets the
 * broken body the response may already be on the wire. Reactor Netty would then answer
 * the framing error with a {@code 400} of its own: a second response to one request,
 * which the statistics recorded with a start time of zero (an age of 56 years). RFC 9112
 * §6.3 has the server close a connection whose message framing it cannot trust; that is
 * all this does: the failed body part is dropped with everything after it, and the
 * connection is closed when the response in progress, if any, has been written to its
 * end.
 */
final class BodyFramingGuard extends ChannelDuplexHandler {

	static final String NAME = "staticflux.bodyFramingGuard";

	/** Request heads handed on, and responses written to their end. */
	private long requests;

	private long responses;

	private boolean broken;

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (broken) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (msg instanceof HttpRequest) {
			requests++;
		}
		else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
			broken = true;
			ReferenceCountUtil.release(msg);
			if (responses >= requests) {
				ctx.close();
			}
			return;
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		boolean interim = msg instanceof HttpResponse response
				&& response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
		if (msg instanceof LastHttpContent && !interim) {
			responses++;
			if (broken && responses >= requests) {
				ctx.write(msg, promise.unvoid()).addListener(ChannelFutureListener.CLOSE);
				return;
			}
		}
		ctx.write(msg, promise);
	}

}

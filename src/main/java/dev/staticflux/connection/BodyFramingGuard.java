package dev.staticflux.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;

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
 * end. One of the {@link Http11Guards}.
 */
final class BodyFramingGuard {

	/** Request heads handed on, and responses written to their end. */
	private long requests;

	private long responses;

	private boolean broken;

	/**
	 * Sees a decoded message on its way in; {@code false} when it is to be dropped
	 * (released by the caller): a failed body part or anything after one. Closes the
	 * connection at the failure when no response is in progress.
	 */
	boolean read(ChannelHandlerContext ctx, Object msg) {
		if (broken) {
			return false;
		}
		if (msg instanceof HttpRequest) {
			requests++;
		}
		else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
			broken = true;
			if (responses >= requests) {
				ctx.close();
			}
			return false;
		}
		return true;
	}

	/**
	 * Sees a response message on its way out; whether the connection is to be closed once
	 * it is written: it ends the last response owed on a broken connection.
	 * @param interim whether the message is, or ends, a 1xx response
	 */
	boolean write(Object msg, boolean interim) {
		if (msg instanceof LastHttpContent && !interim) {
			responses++;
			return broken && responses >= requests;
		}
		return false;
	}

}

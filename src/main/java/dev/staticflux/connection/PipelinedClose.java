package dev.staticflux.connection;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

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
 * pipelines after such a request is dropped, as RFC 9112 §9.6 allows. One of the
 * {@link Http11Guards}.
 */
final class PipelinedClose {

	/** Requests not yet answered. */
	private int unanswered;

	/**
	 * Whether a request asked to close while earlier ones were unanswered: it is then the
	 * last of the unanswered, since nothing after it is read.
	 */
	private boolean closing;

	/**
	 * Sees a decoded message on its way in; {@code false} when it is to be dropped
	 * (released by the caller): it came after a request that closes the connection.
	 */
	boolean read(Object msg) {
		if (closing) {
			return false;
		}
		if (msg instanceof HttpRequest request) {
			if (unanswered > 0 && HttpVersion.HTTP_1_1.equals(request.protocolVersion())
					&& request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true)) {
				request.headers().remove(HttpHeaderNames.CONNECTION);
				closing = true;
			}
			unanswered++;
		}
		return true;
	}

	/**
	 * Sees a response message on its way out, putting the close option back on the
	 * response to a request that asked for it; whether the connection is to be closed
	 * once the message is written.
	 * @param interim whether the message is, or ends, a 1xx response
	 */
	boolean write(Object msg, boolean interim) {
		boolean closeNow = closing && unanswered == 1 && !interim;
		if (closeNow && msg instanceof HttpResponse response) {
			HttpUtil.setKeepAlive(response, false);
		}
		if (msg instanceof LastHttpContent && !interim && unanswered > 0) {
			unanswered--;
			return closeNow;
		}
		return false;
	}

}

package dev.staticflux.connection;

import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The HTTP/2 counterpart of {@link RequestHeaderTimeout}: a header block must be complete
 * within {@code staticflux.timeouts.request-header} of its {@code HEADERS} frame, or the
 * connection is closed.
 *
 * <p>
 * A header block that a {@code HEADERS} frame opens without {@code END_HEADERS} must be
 * continued by {@code CONTINUATION} frames and nothing else until one carries
 * {@code END_HEADERS} (RFC 9113 §6.10): until then the decoder buffers the fragments and
 * the whole connection, every other stream included, waits. Netty bounds the size of such
 * a block ({@code staticflux.http2.max-header-list-size}) but not its duration, so a
 * client sending one never-finished block, or one fragment now and then, would hold the
 * connection forever.
 *
 * <p>
 * Sits before the HTTP/2 codec and reads the frame headers as the bytes pass (the 24-byte
 * client preface first, then 9 bytes of header per frame, RFC 9113 §3.4 and §4.1) without
 * consuming anything. Runs on the connection's event loop only.
 */
final class HeaderBlockTimeout extends ChannelInboundHandlerAdapter {

	static final String NAME = "staticflux.headerBlockTimeout";

	private static final int PREFACE_LENGTH = 24;

	private static final int FRAME_HEADER_LENGTH = 9;

	private static final int HEADERS = 0x1;

	private static final int PUSH_PROMISE = 0x5;

	private static final int CONTINUATION = 0x9;

	private static final int END_HEADERS = 0x4;

	private final long timeoutNanos;

	private long prefaceLeft = PREFACE_LENGTH;

	private final byte[] frameHeader = new byte[FRAME_HEADER_LENGTH];

	private int frameHeaderRead;

	private long payloadLeft;

	private @Nullable ScheduledFuture<?> timer;

	HeaderBlockTimeout(Duration timeout) {
		this.timeoutNanos = timeout.toNanos();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof ByteBuf bytes) {
			scan(ctx, bytes);
		}
		ctx.fireChannelRead(msg);
	}

	private void scan(ChannelHandlerContext ctx, ByteBuf bytes) {
		int i = bytes.readerIndex();
		int end = bytes.writerIndex();
		while (i < end) {
			if (prefaceLeft > 0) {
				int n = (int) Math.min(prefaceLeft, end - i);
				prefaceLeft -= n;
				i += n;
			}
			else if (payloadLeft > 0) {
				int n = (int) Math.min(payloadLeft, end - i);
				payloadLeft -= n;
				i += n;
			}
			else {
				frameHeader[frameHeaderRead++] = bytes.getByte(i++);
				if (frameHeaderRead == FRAME_HEADER_LENGTH) {
					frameHeaderRead = 0;
					payloadLeft = ((frameHeader[0] & 0xffL) << 16) | ((frameHeader[1] & 0xff) << 8)
							| (frameHeader[2] & 0xff);
					frame(ctx, frameHeader[3] & 0xff, frameHeader[4] & 0xff);
				}
			}
		}
	}

	private void frame(ChannelHandlerContext ctx, int type, int flags) {
		boolean ends = (flags & END_HEADERS) != 0;
		if ((type == HEADERS || type == PUSH_PROMISE) && !ends && timer == null) {
			timer = ctx.executor().schedule(() -> ctx.channel().close(), timeoutNanos, TimeUnit.NANOSECONDS);
		}
		else if (type == CONTINUATION && ends) {
			stop();
		}
	}

	private void stop() {
		if (timer != null) {
			timer.cancel(false);
			timer = null;
		}
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		stop();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		stop();
		ctx.fireChannelInactive();
	}

}

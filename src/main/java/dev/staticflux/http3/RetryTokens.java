package dev.staticflux.http3;

import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.IntSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.QuicTokenHandler;

/**
 * Address validation with Retry tokens (RFC 9000 §8.1.2): while fewer than
 * {@code retryAbove} handshakes are in progress, a new connection is accepted at once
 * (the codec then holds to the anti-amplification limit of §8.1 until the handshake
 * proves the address); from that many on, its first Initial is answered with a Retry
 * packet carrying a token, and only a client that echoes the token from the address it
 * was sent to gets any connection state. A flood of Initials from spoofed addresses so
 * costs one HMAC and one small datagram each.
 *
 * <p>
 * A token is
 * {@code version(1) | issued-at millis(8) | HMAC-SHA256(16) | original destination connection ID},
 * the MAC over the version, the time, the client's IP address and the connection ID, with
 * a key drawn at start-up. It is valid for {@link #LIFETIME} and from the same IP address
 * only (§8.1.4: a Retry token is used at once). An invalid token drops the packet, as
 * Netty's codec does for any invalid token (§8.1.3 lets a server do so). The key lives in
 * memory only: behind a load balancer, UDP must reach the same replica for the whole
 * connection anyway, so the one that issued the token validates it.
 */
final class RetryTokens implements QuicTokenHandler {

	/**
	 * How long a client has to answer a Retry: a round trip, with room for a slow
	 * network.
	 */
	static final Duration LIFETIME = Duration.ofSeconds(10);

	private static final byte VERSION = 1;

	private static final int MAC_LENGTH = 16;

	private static final int HEADER_LENGTH = 1 + Long.BYTES + MAC_LENGTH;

	/** RFC 9000 §17.2: a connection ID is at most 20 bytes. */
	private static final int MAX_CONNECTION_ID_LENGTH = 20;

	private static final String ALGORITHM = "HmacSHA256";

	private final Mac prototype;

	private final Clock clock;

	private final IntSupplier handshakesInProgress;

	private final int retryAbove;

	/**
	 * @param clock the time tokens are issued and checked at
	 * @param handshakesInProgress how many QUIC handshakes are in progress now
	 * @param retryAbove the number of handshakes in progress from which a Retry is
	 * required; {@code 0} for always
	 */
	RetryTokens(Clock clock, IntSupplier handshakesInProgress, int retryAbove) {
		this(newKey(), clock, handshakesInProgress, retryAbove);
	}

	RetryTokens(byte[] key, Clock clock, IntSupplier handshakesInProgress, int retryAbove) {
		try {
			this.prototype = Mac.getInstance(ALGORITHM);
			this.prototype.init(new SecretKeySpec(key, ALGORITHM));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HTTP/3 retry tokens need " + ALGORITHM, ex);
		}
		this.clock = clock;
		this.handshakesInProgress = handshakesInProgress;
		this.retryAbove = retryAbove;
	}

	private static byte[] newKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return key;
	}

	@Override
	public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) {
		if (handshakesInProgress.getAsInt() < retryAbove) {
			return false;
		}
		long issued = clock.millis();
		out.writeByte(VERSION)
			.writeLong(issued)
			.writeBytes(mac(issued, address, dcid, dcid.readerIndex(), dcid.readableBytes()), 0, MAC_LENGTH);
		out.writeBytes(dcid, dcid.readerIndex(), dcid.readableBytes());
		return true;
	}

	@Override
	public int validateToken(ByteBuf token, InetSocketAddress address) {
		int start = token.readerIndex();
		int idLength = token.readableBytes() - HEADER_LENGTH;
		if (idLength < 0 || idLength > MAX_CONNECTION_ID_LENGTH || token.getByte(start) != VERSION) {
			return -1;
		}
		long issued = token.getLong(start + 1);
		long age = clock.millis() - issued;
		if (age < 0 || age > LIFETIME.toMillis()) {
			return -1;
		}
		byte[] presented = new byte[MAC_LENGTH];
		token.getBytes(start + 1 + Long.BYTES, presented);
		byte[] expected = mac(issued, address, token, start + HEADER_LENGTH, idLength);
		return MessageDigest.isEqual(presented, Arrays.copyOf(expected, MAC_LENGTH)) ? HEADER_LENGTH : -1;
	}

	@Override
	public int maxTokenLength() {
		return HEADER_LENGTH + MAX_CONNECTION_ID_LENGTH;
	}

	private byte[] mac(long issued, InetSocketAddress address, ByteBuf id, int idIndex, int idLength) {
		Mac mac = newMac();
		mac.update(VERSION);
		for (int shift = 56; shift >= 0; shift -= 8) {
			mac.update((byte) (issued >>> shift));
		}
		mac.update(address.getAddress().getAddress());
		byte[] connectionId = new byte[idLength];
		id.getBytes(idIndex, connectionId);
		mac.update(connectionId);
		return mac.doFinal();
	}

	/**
	 * A {@link Mac} is not thread-safe; a clone of the keyed prototype is cheaper than a
	 * new instance.
	 */
	private Mac newMac() {
		try {
			return (Mac) prototype.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException(ALGORITHM + " cannot be cloned", ex);
		}
	}

}

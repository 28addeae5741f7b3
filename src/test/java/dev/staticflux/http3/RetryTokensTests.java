package dev.staticflux.http3;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import dev.staticflux.stats.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

class RetryTokensTests {

	private static final byte[] KEY = new byte[32];

	private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 50_000);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

	private final AtomicInteger handshakes = new AtomicInteger();

	private final RetryTokens tokens = new RetryTokens(KEY, clock, handshakes::get, 3);

	private final ByteBuf connectionId = Unpooled.wrappedBuffer(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });

	@Test
	void asksForNoRetryWhileFewHandshakesAreInProgress() {
		handshakes.set(2);

		assertThat(tokens.writeToken(Unpooled.buffer(), connectionId, CLIENT)).isFalse();
	}

	@Test
	void asksForARetryOnceTheThresholdIsReached() {
		handshakes.set(3);

		assertThat(tokens.writeToken(Unpooled.buffer(), connectionId, CLIENT)).isTrue();
	}

	@Test
	void alwaysAsksForARetryWithAThresholdOfZero() {
		RetryTokens always = new RetryTokens(KEY, clock, handshakes::get, 0);

		assertThat(always.writeToken(Unpooled.buffer(), connectionId, CLIENT)).isTrue();
	}

	@Test
	void acceptsItsOwnTokenAndPointsAtTheOriginalConnectionId() {
		ByteBuf token = issue();

		int offset = tokens.validateToken(token, CLIENT);

		assertThat(offset).isPositive();
		assertThat(token.slice(offset, token.readableBytes() - offset)).isEqualTo(connectionId);
	}

	@Test
	void acceptsATokenFromAnotherPortOfTheSameAddress() {
		ByteBuf token = issue();

		assertThat(tokens.validateToken(token, new InetSocketAddress("192.0.2.7", 50_001))).isPositive();
	}

	@Test
	void refusesATokenPresentedFromAnotherAddress() {
		ByteBuf token = issue();

		assertThat(tokens.validateToken(token, new InetSocketAddress("192.0.2.8", 50_000))).isEqualTo(-1);
	}

	@Test
	void refusesATokenOlderThanItsLifetime() {
		ByteBuf token = issue();
		clock.advance(RetryTokens.LIFETIME.plus(Duration.ofMillis(1)));

		assertThat(tokens.validateToken(token, CLIENT)).isEqualTo(-1);
	}

	@Test
	void refusesATokenWithAChangedByte() {
		ByteBuf token = issue();
		for (int i = 0; i < token.readableBytes(); i++) {
			ByteBuf forged = token.copy();
			forged.setByte(i, forged.getByte(i) ^ 0x01);

			assertThat(tokens.validateToken(forged, CLIENT)).as("byte %d changed", i).isEqualTo(-1);
		}
	}

	@Test
	void refusesATokenIssuedWithAnotherKey() {
		byte[] otherKey = new byte[32];
		otherKey[0] = 1;
		ByteBuf token = issue(new RetryTokens(otherKey, clock, handshakes::get, 0));

		assertThat(tokens.validateToken(token, CLIENT)).isEqualTo(-1);
	}

	@Test
	void refusesTokensOfTheWrongLength() {
		assertThat(tokens.validateToken(Unpooled.EMPTY_BUFFER, CLIENT)).isEqualTo(-1);
		assertThat(tokens.validateToken(Unpooled.wrappedBuffer(new byte[200]), CLIENT)).isEqualTo(-1);
	}

	@Test
	void fitsTheLongestConnectionIdInItsMaximumLength() {
		ByteBuf longest = Unpooled.wrappedBuffer(new byte[20]);
		ByteBuf token = Unpooled.buffer();
		new RetryTokens(KEY, clock, handshakes::get, 0).writeToken(token, longest, CLIENT);

		assertThat(token.readableBytes()).isEqualTo(tokens.maxTokenLength());
	}

	private ByteBuf issue() {
		return issue(new RetryTokens(KEY, clock, handshakes::get, 0));
	}

	private ByteBuf issue(RetryTokens issuer) {
		ByteBuf token = Unpooled.buffer();
		assertThat(issuer.writeToken(token, connectionId, CLIENT)).isTrue();
		return token;
	}

}

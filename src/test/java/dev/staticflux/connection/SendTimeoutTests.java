package dev.staticflux.connection;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The send timeout of one TCP connection, on a channel of its own. */
class SendTimeoutTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(4);

	private final SlowClients slowClients = new SlowClients();

	@Test
	void schedulesNothingForAResponseTheSocketTakesAtOnce() {
		EmbeddedChannel channel = new EmbeddedChannel(new SendTimeout(TIMEOUT, slowClients, false));
		channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[1024]));
		assertThat(channel.runScheduledPendingTasks()).as("delay of the next scheduled task").isEqualTo(-1);
		channel.finishAndReleaseAll();
	}

	@Test
	void closesAConnectionWhoseSocketTakesNothingForTheTimeout() {
		EmbeddedChannel channel = new StalledChannel();
		channel.freezeTime();
		channel.pipeline().addLast(new SendTimeout(TIMEOUT, slowClients, false));
		channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[1024]));

		channel.advanceTimeBy(TIMEOUT.toMillis() - 1, TimeUnit.MILLISECONDS);
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).isTrue();
		channel.advanceTimeBy(TIMEOUT.toMillis() / 4, TimeUnit.MILLISECONDS);
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).isFalse();
		assertThat(slowClients.aborted()).isEqualTo(1);
	}

	@Test
	void startsAStreamsClockWithItsFirstWrite() {
		EmbeddedChannel channel = new EmbeddedChannel(new SendTimeout(TIMEOUT, slowClients, true));
		channel.write(Unpooled.wrappedBuffer(new byte[1024]));
		assertThat(channel.runScheduledPendingTasks()).as("delay of the next scheduled task").isPositive();
		channel.finishAndReleaseAll();
	}

	/**
	 * A socket whose client reads nothing: every flushed byte stays in the outbound
	 * buffer.
	 */
	private static final class StalledChannel extends EmbeddedChannel {

		@Override
		protected void doWrite(ChannelOutboundBuffer in) {
		}

	}

}

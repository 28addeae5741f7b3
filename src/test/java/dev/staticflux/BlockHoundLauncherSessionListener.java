package dev.staticflux;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import reactor.blockhound.BlockHound;

/**
 * Installs BlockHound once per test JVM, before any test runs, so every unit and
 * integration test fails on a blocking call made on a non-blocking thread (Reactor's
 * parallel scheduler, Netty event loops). Registered in
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}; surefire
 * and failsafe pass {@code -XX:+AllowRedefinitionToAddDeleteMethods}, which BlockHound
 * needs on JDK 13+.
 *
 * <p>
 * Reactor, Netty and Spring register their own integrations through the service loader
 * ({@code loadIntegrations()}); they mark which threads are non-blocking, and BlockHound
 * itself already allows class loading. The allowances below are the only ones added here,
 * each with its reason.
 */
public final class BlockHoundLauncherSessionListener implements LauncherSessionListener {

	private static final AtomicBoolean INSTALLED = new AtomicBoolean();

	private static final String UNIX_NATIVE_DISPATCHER = "sun.nio.fs.UnixNativeDispatcher";

	private static final String[][] FILE_SYSTEM_CALLS = { { "open0", "(JII)I" },
			{ "stat0", "(JLsun/nio/fs/UnixFileAttributes;)V" }, { "stat1", "(J)I" },
			{ "lstat0", "(JLsun/nio/fs/UnixFileAttributes;)V" }, { "realpath0", "(J)[B" }, { "readlink0", "(J)[B" },
			{ "opendir0", "(J)J" }, { "access0", "(JI)V" }, { "exists0", "(J)Z" } };

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		if (INSTALLED.compareAndSet(false, true)) {
			install();
		}
	}

	static void install() {
		BlockHound.Builder builder = BlockHound.builder().loadIntegrations();
		// BlockHound knows file streams and sockets, not the file-system calls of
		// java.nio.file (stat, open,
		// realpath, directory reads), which are exactly what the engine must keep off its
		// event loops.
		for (String[] method : FILE_SYSTEM_CALLS) {
			builder.markAsBlocking(UNIX_NATIVE_DISPATCHER, method[0], method[1]);
		}
		builder
			// The dashboard's Thymeleaf view: the engine initialises once (reading its
			// version file from its jar)
			// and parses a template from the classpath once, then renders it from its
			// template cache.
			.allowBlockingCallsInside("org.thymeleaf.TemplateEngine", "initialize")
			// The file-I/O threads' shared queue: an event loop that queues a task holds
			// the queue's lock for as long as linking one node takes, as in Reactor's own
			// schedulers (whose work queue Reactor's integration allows the same way);
			// under contention the lock parks for that long. Nothing else is allowed
			// there:
			// the threads are started at once, so queueing never starts one.
			.allowBlockingCallsInside("dev.staticflux.config.SharedQueueScheduler", "queue")
			.allowBlockingCallsInside("org.thymeleaf.templateparser.markup.AbstractMarkupTemplateParser", "parse")
			// Zero-copy: Reactor Netty stats the file (to choose sendfile or chunked) and
			// opens it on the event
			// loop once the headers are written. Spring's ZeroCopyHttpOutputMessage takes
			// a Path, so the engine
			// cannot hand over an open channel; these are two syscalls on a file the
			// engine has just resolved off
			// the loop. The open is named by the lambda Reactor Netty 1.3 compiles: if an
			// upgrade renames it, the
			// tests fail rather than pass silently.
			.allowBlockingCallsInside("reactor.netty.ReactorNetty", "mustChunkFileTransfer")
			.allowBlockingCallsInside("reactor.netty.NettyOutbound", "lambda$sendFile$0")
			// HTTP/3: Netty's QUIC codec, built on the event loop once per UDP socket,
			// draws its connection-ID map's
			// key from SecureRandom, and so do its connection-ID and reset-token
			// generators (their HMAC key, once,
			// and the client's IDs); NativePRNG reads /dev/urandom, which does not block
			// once the kernel's pool is
			// initialised (at boot).
			.allowBlockingCallsInside("io.netty.handler.codec.quic.QuicServerCodecBuilder", "build")
			.allowBlockingCallsInside("io.netty.handler.codec.quic.QuicClientCodecBuilder", "build")
			.allowBlockingCallsInside("io.netty.handler.codec.quic.HmacSignQuicConnectionIdGenerator", "newId")
			.allowBlockingCallsInside("io.netty.handler.codec.quic.HmacSignQuicResetTokenGenerator", "newResetToken")
			.allowBlockingCallsInside("io.netty.handler.codec.quic.SecureRandomQuicConnectionIdGenerator", "newId")
			// The tests' HTTP/3 client checks the server's certificate on its event loop,
			// and the JDK's trust
			// manager reads its anchor certificates from disk once per JVM, on first use
			// (the server verifies none).
			.allowBlockingCallsInside("io.netty.handler.codec.quic.BoringSSLCertificateVerifyCallback", "verify")
			// Netty's adaptive allocator, growing its set of magazines under contention,
			// takes a StampedLock that
			// other event loops hold only for a few instructions (Netty's own BlockHound
			// integration misses this
			// path in 4.2.18); seen in the HTTP/3 shutdown test when QUIC's stream
			// channel copies a body.
			.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines")
			.install();
	}

}

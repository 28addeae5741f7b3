package dev.staticflux;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import reactor.blockhound.BlockHound;

/**
 * Installs BlockHound once per test JVM, before any test runs, so every unit and integration test fails on a
 * blocking call made on a non-blocking thread (Reactor's parallel scheduler, Netty event loops). Registered in
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}; surefire and failsafe pass
 * {@code -XX:+AllowRedefinitionToAddDeleteMethods}, which BlockHound needs on JDK 13+.
 *
 * <p>Reactor, Netty and Spring register their own integrations through the service loader
 * ({@code loadIntegrations()}); they mark which threads are non-blocking. The allowances below are the only
 * ones added here, each with its reason.
 */
public final class BlockHoundLauncherSessionListener implements LauncherSessionListener {

	private static final AtomicBoolean INSTALLED = new AtomicBoolean();

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		if (INSTALLED.compareAndSet(false, true)) {
			install();
		}
	}

	static void install() {
		BlockHound.builder()
			.loadIntegrations()
			// Loading a class reads its bytes from a jar (file I/O, zip locks) once per class; the first request
			// on an event loop loads the engine's classes. Not a recurring cost, and not the engine's code.
			.allowBlockingCallsInside(ClassLoader.class.getName(), "loadClass")
			.install();
	}

}

package dev.staticflux.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.staticflux.StaticFluxApplication;
import dev.staticflux.netty.NettyFileRoute;
import dev.staticflux.testsupport.RawHttp;
import dev.staticflux.testsupport.TestSite;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Graceful shutdown finishes a download that is answered straight from the HTTP/1.1
 * codec, which Reactor Netty's own graceful shutdown does not know about.
 */
class DirectResponderShutdownIntegrationTests {

	@TempDir
	Path base;

	@Test
	void finishesADownloadUnderWayBeforeTheServerStops() throws Exception {
		Path root = Files.createDirectories(base.resolve("root"));
		Files.write(root.resolve("large.bin"), TestSite.largeContent());
		ConfigurableApplicationContext context = new SpringApplicationBuilder(StaticFluxApplication.class).run(
				"--server.port=0", "--management.server.port=0", "--staticflux.root=" + root,
				"--staticflux.access-log.file=" + base.resolve("access.log"));
		int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
		NettyFileRoute route = context.getBean(NettyFileRoute.class);
		try (Socket socket = new Socket()) {
			socket.setReceiveBufferSize(16 * 1024);
			socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
			socket.setSoTimeout(RawHttp.READ_TIMEOUT_MILLIS);
			socket.getOutputStream().write(RawHttp.get("/large.bin"));
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			received.write(in.readNBytes(64 * 1024));
			assertThat(route.respondingFromCodec()).as("the download is answered from the codec").isEqualTo(1);

			CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
			Thread.sleep(500);
			assertThat(closed).as("shutdown waits for the download").isNotDone();
			received.write(RawHttp.readToEnd(in));

			closed.get(30, TimeUnit.SECONDS);
			byte[] all = received.toByteArray();
			String head = new String(all, 0, Math.min(all.length, 1024), StandardCharsets.ISO_8859_1);
			int bodyStart = head.indexOf("\r\n\r\n") + 4;
			assertThat(head).startsWith("HTTP/1.1 200");
			assertThat(all.length - bodyStart).isEqualTo(TestSite.LARGE_SIZE);
		}
		finally {
			context.close();
		}
	}

}

package dev.staticflux.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The files the integration tests serve, written into a temporary directory: {@code www/}
 * is the root, and {@code outside/} beside it holds a secret that must never be served,
 * reachable only through symlinks.
 */
public final class TestSite {

	/** Appears in the secret outside the root and nowhere else. */
	public static final String SECRET_MARKER = "SECRET-MARKER-7f3a9c";

	/** 100 bytes whose every range is easy to compute. */
	public static final String TEXT = "0123456789".repeat(10);

	public static final String CUSTOM_404 = "<html><body>custom not found page</body></html>";

	/**
	 * Bigger than the cache's per-file limit (1 MB) and than 99999999 bytes' worth of
	 * ranges' start.
	 */
	public static final int LARGE_SIZE = 10 * 1024 * 1024;

	public static final String[][] TYPES = { { "html", "text/html;charset=utf-8" }, { "css", "text/css;charset=utf-8" },
			{ "js", "text/javascript;charset=utf-8" }, { "mjs", "text/javascript;charset=utf-8" },
			{ "json", "application/json" }, { "svg", "image/svg+xml" }, { "png", "image/png" }, { "jpg", "image/jpeg" },
			{ "gif", "image/gif" }, { "webp", "image/webp" }, { "avif", "image/avif" }, { "ico", "image/x-icon" },
			{ "woff", "font/woff" }, { "woff2", "font/woff2" }, { "txt", "text/plain;charset=utf-8" },
			{ "xml", "application/xml" }, { "pdf", "application/pdf" }, { "wasm", "application/wasm" },
			{ "mp4", "video/mp4" }, { "webm", "video/webm" }, { "mp3", "audio/mpeg" }, { "map", "application/json" },
			{ "unknownext", "application/octet-stream" } };

	private TestSite() {
	}

	/** Deterministic content of the large file. */
	public static byte[] largeContent() {
		byte[] bytes = new byte[LARGE_SIZE];
		new Random(42).nextBytes(bytes);
		return bytes;
	}

	/**
	 * Writes the site.
	 * @param base an empty directory
	 * @return the root, {@code base/www}
	 */
	public static Path create(Path base) throws IOException {
		Path root = Files.createDirectories(base.resolve("www"));
		Path outside = Files.createDirectories(base.resolve("outside"));
		write(outside.resolve("secret.txt"), SECRET_MARKER);
		write(root.resolve("index.html"), "<html><body>home</body></html>");
		write(root.resolve("text.txt"), TEXT);
		for (String[] type : TYPES) {
			write(root.resolve("file." + type[0]), "content of " + type[0]);
		}
		write(root.resolve("docs/index.html"), "<html><body>docs index</body></html>");
		write(root.resolve("docs/page.html"), "<html><body>docs page</body></html>");
		Files.createDirectories(root.resolve("empty"));
		write(root.resolve("my file \u00e9.txt"), "spaced and accented");
		write(root.resolve("my dir/index.html"), "index in a spaced directory");
		write(root.resolve("errors/404.html"), CUSTOM_404);
		write(root.resolve("page.html"), "identity html page");
		write(root.resolve("page.html.br"), "brotli bytes of the page");
		write(root.resolve("page.html.gz"), "gzip bytes of the page, a bit longer");
		write(root.resolve("only-gz.css"), "body{}");
		write(root.resolve("only-gz.css.gz"), "gzipped css");
		write(root.resolve(".env"), "HIDDEN=" + SECRET_MARKER);
		write(root.resolve(".git/config"), "[core] " + SECRET_MARKER);
		write(root.resolve("sub/.hidden"), SECRET_MARKER);
		write(root.resolve("sub/visible.txt"), "visible");
		write(root.resolve(".well-known/security.txt"), "Contact: mailto:security@example.com");
		Path forbidden = write(root.resolve("forbidden.txt"), "no one may read this");
		Files.setPosixFilePermissions(forbidden, PosixFilePermissions.fromString("---------"));
		Files.write(root.resolve("large.bin"), largeContent());
		Files.createSymbolicLink(root.resolve("link-out.txt"), outside.resolve("secret.txt"));
		Files.createSymbolicLink(root.resolve("link-dir"), outside);
		Files.createSymbolicLink(root.resolve("link-in.txt"), root.resolve("text.txt"));
		Files.createSymbolicLink(root.resolve("loop"), root.resolve("loop"));
		return root;
	}

	/**
	 * The properties every integration test sets: the root, an access log in the temp
	 * dir, a free Actuator port.
	 */
	public static void register(DynamicPropertyRegistry registry, Path base, Path root) {
		registry.add("staticflux.root", root::toString);
		registry.add("staticflux.access-log.file", () -> base.resolve("logs/access.log").toString());
		registry.add("management.server.port", () -> "0");
	}

	public static Path write(Path file, String content) throws IOException {
		Files.createDirectories(file.getParent());
		return Files.writeString(file, content, StandardCharsets.UTF_8);
	}

}

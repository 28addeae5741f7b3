package dev.staticflux.files;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * How the JVM turns file names into bytes. A request path is decoded as UTF-8 (RFC 3986
 * §2.5, and what every browser sends), and the names on a Linux file system are UTF-8
 * bytes in practice; but the JDK encodes file names with the locale's charset
 * ({@code sun.jnu.encoding}), which is ASCII when the process has no {@code LANG}, as in
 * many minimal container images. Then any non-ASCII name cannot even be made into a
 * {@link Path}.
 */
public final class FileNameEncoding {

	private static final String PROPERTY = "sun.jnu.encoding";

	private FileNameEncoding() {
	}

	/**
	 * Makes the JDK encode file names as UTF-8 whatever the locale. The JDK reads
	 * {@code sun.jnu.encoding} once, when its default file system first encodes a name,
	 * and ignores it on the command line; set here, first thing in {@code main}, it takes
	 * effect when the application starts from its jar or class path. Where it comes too
	 * late, {@link #utf8()} says so and non-ASCII names answer 404 (the start-up check
	 * logs it).
	 */
	public static void preferUtf8() {
		if (!StandardCharsets.UTF_8.name().equalsIgnoreCase(System.getProperty(PROPERTY))) {
			System.setProperty(PROPERTY, StandardCharsets.UTF_8.name());
		}
	}

	/**
	 * Whether file names are encoded so that any decoded request path can name a file.
	 */
	public static boolean utf8() {
		try {
			Path.of("\u00e9\u4e2d\ud83d\ude00");
			return true;
		}
		catch (InvalidPathException ex) {
			return false;
		}
	}

}

package dev.staticflux.compression;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.staticflux.files.ContentCoding;

/**
 * The codecs that work on this machine. Brotli and zstd are native libraries: when one
 * cannot be loaded (an architecture without a bundled build, a {@code /tmp} it cannot be
 * unpacked to, a C library too old), that coding is left out with one warning and the
 * server starts without it; gzip, from the JDK, always works.
 */
public final class Codecs {

	private static final Log logger = LogFactory.getLog(Codecs.class);

	/**
	 * Encoded once at start-up, so that a library which loads but cannot run is found
	 * then, not per request.
	 */
	private static final byte[] PROBE = "staticflux compression probe: <html><body>ok</body></html>"
		.getBytes(StandardCharsets.US_ASCII);

	private final Map<ContentCoding, Codec> byCoding;

	private Codecs(Map<ContentCoding, Codec> byCoding) {
		this.byCoding = byCoding;
	}

	/**
	 * Loads the codecs of the given codings with the given levels.
	 * @param codings the codings wanted
	 * @param levels the level of each coding
	 * @return those whose codec works here
	 */
	public static Codecs load(List<ContentCoding> codings, Map<ContentCoding, Integer> levels) {
		return load(codings, coding -> create(coding,
				Objects.requireNonNull(levels.get(coding), () -> "no level for '" + coding.token() + "'")));
	}

	/**
	 * Loads codecs made by a factory; for tests that simulate a library that cannot load.
	 */
	static Codecs load(List<ContentCoding> codings, Function<ContentCoding, Codec> factory) {
		Map<ContentCoding, Codec> loaded = new EnumMap<>(ContentCoding.class);
		for (ContentCoding coding : codings) {
			try {
				Codec codec = factory.apply(coding);
				codec.encode(PROBE);
				loaded.put(coding, codec);
			}
			catch (LinkageError | RuntimeException | IOException ex) {
				logger
					.warn("Compression: '" + coding.token() + "' is left out, its codec does not work on this machine ("
							+ System.getProperty("os.name") + " " + System.getProperty("os.arch") + "): " + ex);
			}
		}
		return new Codecs(Collections.unmodifiableMap(loaded));
	}

	private static Codec create(ContentCoding coding, int level) {
		return switch (coding) {
			case GZIP -> new GzipCodec(level);
			case BR -> new BrotliCodec(level);
			case ZSTD -> new ZstdCodec(level);
			case IDENTITY -> throw new IllegalArgumentException("identity is not a compression");
		};
	}

	/** Whether this coding's codec works here. */
	public boolean available(ContentCoding coding) {
		return byCoding.containsKey(coding);
	}

	/** The codec of a coding; {@code null} when it is not available. */
	@Nullable Codec codec(ContentCoding coding) {
		return byCoding.get(coding);
	}

}

package dev.staticflux.cache;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

import dev.staticflux.units.Units;

/**
 * Warns at start-up when the cache's byte budget does not fit in the JVM's direct memory,
 * where the cached bodies live: a cache that cannot allocate would fail loads (answered
 * 500) instead of serving from disk. Netty's own buffers need direct memory too, so the
 * budget should stay at or below half of it. The JVM's bound is
 * {@code -XX:MaxDirectMemorySize}, by default the maximum heap ({@code -Xmx}).
 */
final class DirectMemoryCheck {

	private static final Log logger = LogFactory.getLog(DirectMemoryCheck.class);

	private DirectMemoryCheck() {
	}

	static void warnIfTooSmall(long cacheBytes) {
		String warning = warning(cacheBytes, maxDirectMemory());
		if (warning != null) {
			logger.warn(warning);
		}
	}

	/**
	 * The warning for a cache budget and a direct-memory bound, or {@code null} when the
	 * budget fits.
	 */
	static @Nullable String warning(long cacheBytes, long maxDirectBytes) {
		if (cacheBytes <= 0 || maxDirectBytes <= 0 || cacheBytes <= maxDirectBytes / 2) {
			return null;
		}
		return "staticflux.cache.max-size (" + Units.size(DataSize.ofBytes(cacheBytes))
				+ ") is more than half of the JVM's direct memory (" + Units.bytes(maxDirectBytes)
				+ "), which holds the cached bodies and Netty's buffers: raise "
				+ "-XX:MaxDirectMemorySize to at least " + (2 * cacheBytes >> 20) + "m or lower the cache";
	}

	/**
	 * {@code -XX:MaxDirectMemorySize}, or the maximum heap when it is not set; {@code -1}
	 * if unknown.
	 */
	private static long maxDirectMemory() {
		try {
			String value = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
				.getVMOption("MaxDirectMemorySize")
				.getValue();
			long bytes = Long.parseLong(value);
			return (bytes > 0) ? bytes : Runtime.getRuntime().maxMemory();
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

}

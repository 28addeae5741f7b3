package dev.staticflux.compression;

/**
 * An immutable view of the compression counters, taken at one instant.
 *
 * @param compressed compressions run: one per file version and coding whose coded bytes
 * were not in memory yet, counted when it ends, successful or not (responses served from
 * coded bytes already in memory do not count)
 * @param bytesIn bytes those compressions read (the files' sizes)
 * @param bytesOut bytes they produced, including those dropped because the coding did not
 * make the file smaller
 */
public record CompressionStatistics(long compressed, long bytesIn, long bytesOut) {

	/** Nothing compressed yet, or compression off. */
	public static final CompressionStatistics NONE = new CompressionStatistics(0, 0, 0);

	/** Bytes out over bytes in, {@code 1} before the first compression. */
	public double ratio() {
		return bytesIn == 0 ? 1 : (double) bytesOut / bytesIn;
	}

}

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Replays request traces against the policy the file cache uses (Caffeine's W-TinyLFU, bounded by bytes, same
 * weigher) and against a plain byte-bounded LRU (the seed's policy), and writes the hit ratios as a Markdown table;
 * docs/CACHE.md quotes them. The traces are seeded, so the figures repeat. Run it with {@code bench/hit-ratio.sh}
 * (a single-file Java program on Caffeine's jar); it exits 1 when W-TinyLFU does not beat LRU on every trace.
 */
public class HitRatioComparison {

	private static final int FILES = 50_000;

	private static final long BUDGET = 64L * 1024 * 1024;

	private static final int REQUESTS = 1_000_000;

	private static final double ZIPF_EXPONENT = 0.9;

	private static final int AFTER_SCAN = 20_000;

	/** Bytes the file cache charges per entry on top of its body: {@code dev.staticflux.cache.OVERHEAD}. */
	private static final int OVERHEAD = 512;

	private final int[] sizes = fileSizes(FILES, new SplittableRandom(42));

	public static void main(String[] args) throws IOException {
		Path report = Path.of(args.length > 0 ? args[0] : "target/cache-hit-ratios.md");
		boolean better = new HitRatioComparison().compare(report);
		System.exit(better ? 0 : 1);
	}

	/** Writes the table to {@code report}; whether W-TinyLFU beat LRU on every row. */
	boolean compare(Path report) throws IOException {
		Trace zipf = new Trace(zipfTrace(REQUESTS, new SplittableRandom(7)), sizes);
		Trace scan = scanTrace(zipf.files());

		Result zipfTinyLfu = replay(zipf, new TinyLfu(), 0, zipf.files().length);
		Result zipfLru = replay(zipf, new Lru(), 0, zipf.files().length);
		Result scanTinyLfu = replay(scan, new TinyLfu(), 0, scan.files().length);
		Result scanLru = replay(scan, new Lru(), 0, scan.files().length);
		int afterScan = scan.files().length - REQUESTS / 2;
		Result afterTinyLfu = replay(scan, new TinyLfu(), afterScan, afterScan + AFTER_SCAN);
		Result afterLru = replay(scan, new Lru(), afterScan, afterScan + AFTER_SCAN);

		String table = "| trace | W-TinyLFU (staticflux) | LRU (seed) |\n|---|---|---|\n"
				+ row("Zipf(0.9), " + REQUESTS + " requests over " + FILES + " files", zipfTinyLfu, zipfLru)
				+ row("same with a one-off scan of 10x the budget in the middle (whole trace)", scanTinyLfu, scanLru)
				+ row("the " + AFTER_SCAN + " requests right after the scan", afterTinyLfu, afterLru);
		Path parent = report.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		Files.writeString(report, table);
		System.out.println(table);
		System.out.println("written to " + report);
		return zipfTinyLfu.hitRatio() > zipfLru.hitRatio() && scanTinyLfu.hitRatio() > scanLru.hitRatio()
				&& afterTinyLfu.hitRatio() > afterLru.hitRatio();
	}

	private static String row(String trace, Result tinyLfu, Result lru) {
		return "| %s | %.1f %% (bytes %.1f %%) | %.1f %% (bytes %.1f %%) |%n".formatted(trace, 100 * tinyLfu.hitRatio(),
				100 * tinyLfu.byteHitRatio(), 100 * lru.hitRatio(), 100 * lru.byteHitRatio());
	}

	/** Replays the trace up to {@code to}, counting hits only from {@code from}. */
	private static Result replay(Trace trace, Policy policy, int from, int to) {
		long hits = 0;
		long hitBytes = 0;
		long totalBytes = 0;
		for (int i = 0; i < to; i++) {
			int file = trace.files()[i];
			int size = trace.sizes()[file];
			boolean hit = policy.access(file, size);
			if (i >= from) {
				totalBytes += size;
				if (hit) {
					hits++;
					hitBytes += size;
				}
			}
		}
		return new Result((double) hits / (to - from), (double) hitBytes / totalBytes);
	}

	/** Sizes from 512 B to 1 MB, mostly small, as on a typical site (log-uniform). */
	private static int[] fileSizes(int count, SplittableRandom random) {
		int[] sizes = new int[count];
		for (int i = 0; i < count; i++) {
			sizes[i] = (int) Math.round(Math.exp(Math.log(512) + random.nextDouble() * (Math.log(1024 * 1024) - Math.log(512))));
		}
		return sizes;
	}

	private static int[] zipfTrace(int length, SplittableRandom random) {
		double[] cumulative = new double[FILES];
		double sum = 0;
		for (int rank = 0; rank < FILES; rank++) {
			sum += 1 / Math.pow(rank + 1, ZIPF_EXPONENT);
			cumulative[rank] = sum;
		}
		int[] trace = new int[length];
		for (int i = 0; i < length; i++) {
			int index = Arrays.binarySearch(cumulative, random.nextDouble() * sum);
			trace[i] = Math.min(FILES - 1, index >= 0 ? index : -index - 1);
		}
		return trace;
	}

	/**
	 * The Zipf trace with, in its middle, a scan of files never requested before or after (ids past
	 * {@link #FILES}) whose sizes add up to ten times the budget, like a crawler walking an archive.
	 */
	private Trace scanTrace(int[] zipf) {
		int[] scanSizes = fileSizes(40_000, new SplittableRandom(99));
		long bytes = 0;
		int scanned = 0;
		while (bytes < 10 * BUDGET) {
			bytes += scanSizes[scanned++];
		}
		int[] trace = new int[zipf.length + scanned];
		int half = zipf.length / 2;
		System.arraycopy(zipf, 0, trace, 0, half);
		int[] extended = Arrays.copyOf(sizes, FILES + scanned);
		for (int i = 0; i < scanned; i++) {
			trace[half + i] = FILES + i;
			extended[FILES + i] = scanSizes[i];
		}
		System.arraycopy(zipf, half, trace, half + scanned, zipf.length - half);
		return new Trace(trace, extended);
	}

	/** Requested file ids, and every id's size. */
	private record Trace(int[] files, int[] sizes) {
	}

	private record Result(double hitRatio, double byteHitRatio) {
	}

	private interface Policy {

		/** @return whether the file was in the cache; afterwards it is (if the policy admits it) */
		boolean access(int file, int size);

	}

	/** The file cache's policy: Caffeine bounded by weight, same per-entry overhead. */
	private static final class TinyLfu implements Policy {

		private final Cache<Integer, Integer> cache = Caffeine.newBuilder()
			.maximumWeight(BUDGET)
			.weigher((Integer file, Integer size) -> size + OVERHEAD)
			.executor(Runnable::run)
			.build();

		@Override
		public boolean access(int file, int size) {
			if (cache.getIfPresent(file) != null) {
				return true;
			}
			cache.put(file, size);
			return false;
		}

	}

	/** A plain LRU bounded by the same bytes: evicts least recently used entries until the new one fits. */
	private static final class Lru implements Policy {

		private final LinkedHashMap<Integer, Integer> map = new LinkedHashMap<>(1024, 0.75f, true);

		private long bytes;

		@Override
		public boolean access(int file, int size) {
			if (map.get(file) != null) {
				return true;
			}
			long weight = size + OVERHEAD;
			var iterator = map.entrySet().iterator();
			while (bytes + weight > BUDGET && iterator.hasNext()) {
				Map.Entry<Integer, Integer> eldest = iterator.next();
				bytes -= eldest.getValue() + OVERHEAD;
				iterator.remove();
			}
			map.put(file, size);
			bytes += weight;
			return false;
		}

	}

}

package dev.staticflux.units;

import java.time.Duration;
import java.util.Locale;

import org.springframework.util.unit.DataSize;

/**
 * One convention for quantities written for people, the one operators write in
 * configuration: sizes in Spring's {@link DataSize} units ({@code B}, {@code KB},
 * {@code MB}, {@code GB}, {@code TB}, binary multiples of 1024, no space: {@code 64MB} is
 * 64 × 1024 × 1024 bytes) and durations in the units Spring's {@code Duration} conversion
 * reads ({@code ms}, {@code s}, {@code m}, {@code h}, {@code d}). So an error message
 * quotes a value as it was written ({@code 2GB}, not {@code 2147483648B}; {@code 1s}, not
 * {@code PT1S}), and the log, the dashboard and the start-up line write the same bytes
 * the same way.
 */
public final class Units {

	private static final String[] SIZE_UNITS = { "B", "KB", "MB", "GB", "TB" };

	private Units() {
	}

	/**
	 * Exactly, in the largest unit that divides it: {@code 2GB}, {@code 1536KB},
	 * {@code 100B}, {@code 0B}.
	 */
	public static String size(DataSize size) {
		long bytes = size.toBytes();
		int unit = 0;
		while (bytes != 0 && unit < SIZE_UNITS.length - 1 && bytes % 1024 == 0) {
			bytes /= 1024;
			unit++;
		}
		return bytes + SIZE_UNITS[unit];
	}

	/**
	 * Exactly, in the largest unit that divides it: {@code 1s}, {@code 500ms},
	 * {@code 90s}, {@code 2m}, {@code 0s}; below a millisecond in {@code us} or
	 * {@code ns}.
	 */
	public static String duration(Duration duration) {
		if (duration.isZero()) {
			return "0s";
		}
		long nanos;
		try {
			nanos = duration.toNanos();
		}
		catch (ArithmeticException tooLong) {
			return duration.toDays() + "d";
		}
		long[] factors = { 1000, 1000, 1000, 60, 60, 24 };
		String[] names = { "ns", "us", "ms", "s", "m", "h", "d" };
		int unit = 0;
		long value = nanos;
		while (unit < factors.length && value % factors[unit] == 0) {
			value /= factors[unit];
			unit++;
		}
		return value + names[unit];
	}

	/**
	 * Approximately, for display: one decimal below 100 of a unit, none above or for
	 * bytes: {@code 512B}, {@code 1.5KB}, {@code 12.3MB}, {@code 156MB}.
	 */
	public static String bytes(double bytes) {
		double value = bytes;
		int unit = 0;
		while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
			value /= 1024;
			unit++;
		}
		int decimals = (unit == 0 || value >= 100) ? 0 : 1;
		return String.format(Locale.ROOT, "%." + decimals + "f", value) + SIZE_UNITS[unit];
	}

	/**
	 * A latency in milliseconds with three significant digits, so microseconds show below
	 * 1 ms: {@code 0.123}, {@code 1.25}, {@code 12.3}, {@code 140}; {@code 0} for none.
	 */
	public static String millis(double millis) {
		if (millis == 0) {
			return "0";
		}
		int decimals = (millis < 1) ? 3 : (millis < 10) ? 2 : (millis < 100) ? 1 : 0;
		return String.format(Locale.ROOT, "%." + decimals + "f", millis);
	}

}

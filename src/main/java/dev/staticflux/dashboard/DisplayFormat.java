package dev.staticflux.dashboard;

import java.util.Locale;

import dev.staticflux.units.Units;

/**
 * How the dashboard writes numbers for people. {@code assets/dashboard.js} applies the
 * same rules to live updates, so a value looks the same rendered by the server or by the
 * browser.
 */
final class DisplayFormat {

	private DisplayFormat() {
	}

	/** {@code 1234567} as {@code 1,234,567}. */
	static String count(long value) {
		return String.format(Locale.ROOT, "%,d", value);
	}

	/**
	 * Bytes as the log and the configuration write them (binary units, see
	 * {@link Units#bytes}): {@code 1.5MB}, {@code 320KB}, {@code 12B}.
	 */
	static String bytes(double value) {
		return Units.bytes(value);
	}

	/**
	 * A latency in milliseconds to three significant digits: {@code 0.123}, {@code 1.25},
	 * {@code 12.3}.
	 */
	static String latency(double millis) {
		return Units.millis(millis);
	}

	/** A rate: one decimal below 100, none above. */
	static String decimal(double value) {
		return decimal(value, 1);
	}

	/**
	 * A ratio in [0, 1] as a percentage with one decimal: {@code 0.9731} as
	 * {@code 97.3%}.
	 */
	static String percent(double ratio) {
		return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
	}

	/**
	 * The two largest units: {@code 2d 03h}, {@code 5h 07m}, {@code 4m 09s}, {@code 12s}.
	 */
	static String duration(long seconds) {
		long days = seconds / 86_400;
		long hours = seconds % 86_400 / 3_600;
		long minutes = seconds % 3_600 / 60;
		long secs = seconds % 60;
		if (days > 0) {
			return String.format(Locale.ROOT, "%dd %02dh", days, hours);
		}
		if (hours > 0) {
			return String.format(Locale.ROOT, "%dh %02dm", hours, minutes);
		}
		if (minutes > 0) {
			return String.format(Locale.ROOT, "%dm %02ds", minutes, secs);
		}
		return secs + "s";
	}

	private static String decimal(double value, int decimalsBelowHundred) {
		int decimals = value >= 100 ? 0 : decimalsBelowHundred;
		return String.format(Locale.ROOT, "%,." + decimals + "f", value);
	}

}

package dev.staticflux.config;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains a start-up stopped by an unknown {@code staticflux.*} key (the properties are
 * bound with {@code ignoreUnknownFields = false}, so a typo is not silently ignored):
 * each key, where it was set, and, when a known key is within a few edits of it, the key
 * probably meant. Ordered before Boot's own analyzer of the same exception, which names
 * the key but suggests nothing; keys outside {@code staticflux.*} are left to Boot's.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class UnknownPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException> {

	private static final Pattern INDEX = Pattern.compile("\\[\\d+\\]");

	private final List<String> known = PropertyKeys.all();

	@Override
	@Nullable protected FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
		Set<ConfigurationProperty> unknown = cause.getUnboundProperties();
		if (unknown.isEmpty() || !unknown.stream().allMatch(p -> p.getName().toString().startsWith("staticflux."))) {
			return null;
		}
		String description = unknown.stream()
			.sorted(Comparator.comparing(p -> p.getName().toString()))
			.map(this::describe)
			.collect(Collectors.joining("\n"));
		return new FailureAnalysis(description,
				"Correct or remove the key. The staticflux.* keys are listed with their defaults in HELP.md and in "
						+ "the jar's META-INF/spring-configuration-metadata.json.",
				cause);
	}

	private String describe(ConfigurationProperty property) {
		String key = property.getName().toString();
		String line = "Unknown configuration key '" + key + "'"
				+ ((property.getOrigin() != null) ? " (set in " + property.getOrigin() + ")" : "");
		String meant = closest(key);
		return (meant != null) ? line + ": did you mean '" + meant + "'?" : line;
	}

	/**
	 * The known key nearest to {@code key}, indices kept, or {@code null} when none is a
	 * likely typo of it.
	 */
	@Nullable String closest(String key) {
		String shape = INDEX.matcher(key).replaceAll("[]");
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : known) {
			int distance = distance(shape, candidate);
			if (distance < bestDistance) {
				best = candidate;
				bestDistance = distance;
			}
		}
		if (best == null || bestDistance > Math.max(2, shape.length() / 8)) {
			return null;
		}
		return withIndices(best, key);
	}

	/** {@code best}'s {@code []} replaced, in order, by the indices {@code key} used. */
	private static String withIndices(String best, String key) {
		Matcher indices = INDEX.matcher(key);
		StringBuilder result = new StringBuilder();
		int from = 0;
		int hole;
		while ((hole = best.indexOf("[]", from)) >= 0) {
			result.append(best, from, hole).append(indices.find() ? indices.group() : "[0]");
			from = hole + 2;
		}
		return result.append(best.substring(from)).toString();
	}

	/**
	 * Levenshtein distance: the fewest insertions, deletions and substitutions that turn
	 * one into the other.
	 */
	static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}

package dev.staticflux.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP while a served root can be read, DOWN while it is missing or unreadable (a volume
 * not mounted yet, a wrong path, lost permissions): every request to it would answer 404
 * or 403. Asked afresh on every health request, so it is UP again as soon as the root is
 * back.
 */
final class ServedRootHealthIndicator implements HealthIndicator {

	private final ServedRoot root;

	ServedRootHealthIndicator(ServedRoot root) {
		this.root = root;
	}

	@Override
	public Health health() {
		String problem = root.problem();
		Health.Builder health = (problem == null) ? Health.up() : Health.down().withDetail("problem", problem);
		return health.withDetail("path", root.path().toString()).build();
	}

}

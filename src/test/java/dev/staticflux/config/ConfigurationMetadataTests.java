package dev.staticflux.config;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata that {@code spring-boot-configuration-processor} generates
 * into the built classes (and so into the jar), as an IDE reads it.
 */
class ConfigurationMetadataTests {

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	/** Keys whose default is "not set", which the metadata cannot state. */
	private static final Set<String> WITHOUT_DEFAULT = Set.of("staticflux.fallback");

	@Test
	void describesEveryStaticfluxKeyWithItsDefault() throws Exception {
		Map<String, JsonNode> properties = properties();
		List<String> keys = PropertyKeys.all()
			.stream()
			.map(key -> key.contains("[]") ? key.substring(0, key.indexOf("[]")) : key)
			.distinct()
			.toList();

		assertThat(keys).hasSizeGreaterThan(25)
			.contains("staticflux.root", "staticflux.cache.max-size", "staticflux.hosts");
		for (String key : keys) {
			assertThat(properties).as("metadata of %s", key).containsKey(key);
			JsonNode property = properties.get(key);
			assertThat(property.path("description").asString()).as("description of %s", key)
				.matches("[A-Z].*\\.")
				.doesNotContain("{@", "@param");
			if (!WITHOUT_DEFAULT.contains(key)) {
				assertThat(property.has("defaultValue")).as("default of %s", key).isTrue();
			}
		}
	}

	@Test
	void quotesTheDefaultsAsAnOperatorWritesThem() throws Exception {
		Map<String, JsonNode> properties = properties();

		assertThat(properties.get("staticflux.cache.max-size").get("defaultValue").asString()).isEqualTo("64MB");
		assertThat(properties.get("staticflux.timeouts.idle").get("defaultValue").asString()).isEqualTo("60s");
		assertThat(properties.get("staticflux.access-log.format").get("defaultValue").asString()).isEqualTo("combined");
		assertThat(properties.get("staticflux.cache-control").get("defaultValue").get(0).get("pattern").asString())
			.isEqualTo("*.html");
	}

	private static Map<String, JsonNode> properties() throws Exception {
		JsonNode metadata;
		try (InputStream in = ConfigurationMetadataTests.class.getClassLoader().getResourceAsStream(METADATA)) {
			assertThat(in).as("%s in the built classes", METADATA).isNotNull();
			metadata = JsonMapper.builder().build().readTree(in);
		}
		Map<String, JsonNode> byName = new HashMap<>();
		metadata.get("properties").forEach(property -> byName.put(property.get("name").asString(), property));
		return byName;
	}

}

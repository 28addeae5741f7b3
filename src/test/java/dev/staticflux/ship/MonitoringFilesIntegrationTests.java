package dev.staticflux.ship;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/grafana/staticflux.json} and {@code deploy/prometheus/alerts.yml} checked
 * against a running server: both parse, and every metric their queries name is in the
 * server's {@code /actuator/prometheus} scrape, so a renamed meter cannot leave a
 * dashboard panel or an alert silently empty.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "staticflux.stats.log-interval=0" })
class MonitoringFilesIntegrationTests {

	private static final Path DASHBOARD = Path.of("deploy/grafana/staticflux.json");

	private static final Path ALERTS = Path.of("deploy/prometheus/alerts.yml");

	/** Series Prometheus itself adds to every target. */
	private static final Set<String> SYNTHETIC = Set.of("up");

	private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
			"bool", "and", "or", "unless", "offset");

	private static final Pattern LABELS = Pattern.compile("\\{[^}]*\\}|\\[[^\\]]*\\]|\"[^\"]*\"");

	private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*+(?!\\s*\\()");

	@TempDir
	static Path root;

	@TempDir
	static Path logs;

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@DynamicPropertySource
	static void paths(DynamicPropertyRegistry registry) {
		registry.add("staticflux.root", () -> root.toString());
		registry.add("staticflux.access-log.file", () -> logs.resolve("access.log").toString());
	}

	@Test
	void everyMetricTheDashboardQueriesIsScraped() throws Exception {
		JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
		List<String> queries = new ArrayList<>();
		dashboard.get("panels")
			.forEach(panel -> panel.get("targets").forEach(t -> queries.add(t.get("expr").asString())));

		assertThat(dashboard.get("title").asString()).isEqualTo("staticflux");
		assertThat(queries).hasSizeGreaterThan(10);
		assertThat(metrics(queries)).contains("http_server_requests_seconds_bucket", "staticflux_limit_rejected_total",
				"staticflux_access_log_dropped_total", "cache_gets_total");
		assertThat(scraped()).containsAll(metrics(queries));
	}

	@Test
	void everyMetricTheAlertsQueryIsScraped() throws Exception {
		List<String> queries = new ArrayList<>();
		try (Reader reader = Files.newBufferedReader(ALERTS)) {
			Map<String, List<Map<String, Object>>> rules = new Yaml().load(reader);
			for (Map<String, Object> group : rules.get("groups")) {
				for (Map<String, Object> rule : list(group.get("rules"))) {
					assertThat(rule).containsKeys("alert", "expr", "labels", "annotations");
					queries.add((String) rule.get("expr"));
				}
			}
		}

		assertThat(metrics(queries)).contains("staticflux_ready", "staticflux_limit_rejected_total",
				"http_server_requests_seconds_count");
		Set<String> scraped = scraped();
		scraped.addAll(SYNTHETIC);
		assertThat(scraped).containsAll(metrics(queries));
	}

	/**
	 * The metric names in PromQL queries: identifiers outside label matchers, ranges,
	 * groupings and calls.
	 */
	static Set<String> metrics(List<String> queries) {
		Set<String> names = new TreeSet<>();
		for (String query : queries) {
			String bare = GROUPING.matcher(LABELS.matcher(query).replaceAll(" ")).replaceAll(" ");
			Matcher identifier = IDENTIFIER.matcher(bare);
			while (identifier.find()) {
				String name = identifier.group();
				if (!KEYWORDS.contains(name)) {
					names.add(name);
				}
			}
		}
		return names;
	}

	/**
	 * Series names in a scrape after a few requests (a 200 and a 404, so tagged series
	 * exist).
	 */
	private Set<String> scraped() throws IOException, InterruptedException {
		Files.writeString(root.resolve("index.html"), "<p>hi</p>");
		HttpClient client = HttpClient.newHttpClient();
		for (String path : List.of("/index.html", "/index.html", "/missing")) {
			client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
					BodyHandlers.discarding());
		}
		String scrape = client
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/prometheus"))
				.build(), BodyHandlers.ofString())
			.body();
		Set<String> names = new TreeSet<>();
		scrape.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
			Matcher name = Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(line);
			if (name.find()) {
				names.add(name.group());
			}
		});
		return names;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object value) {
		return (List<Map<String, Object>>) value;
	}

}

package dev.staticflux.ship;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

import dev.staticflux.config.StaticFluxProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/kubernetes.yaml} checked against what the application and the image
 * really do: the ports and paths it exposes (packaged {@code application.yml}), where the
 * image reads its configuration and which user it runs as ({@code Dockerfile}), and the
 * links between documents.
 */
class KubernetesManifestTests {

	private static final Path MANIFEST = Path.of("deploy/kubernetes.yaml");

	private static final Path DOCKERFILE = Path.of("Dockerfile");

	private static List<Map<String, Object>> documents;

	/**
	 * The configuration a pod sees, most important first: the ConfigMap's
	 * {@code application.yml}, the image's two files (Dockerfile:
	 * {@code SPRING_CONFIG_ADDITIONAL_LOCATION}), the packaged defaults.
	 */
	private static StandardEnvironment podEnvironment;

	@BeforeAll
	static void load() throws IOException {
		documents = new ArrayList<>();
		try (Reader reader = Files.newBufferedReader(MANIFEST)) {
			for (Object document : new Yaml().loadAll(reader)) {
				documents.add(map(document));
			}
		}
		podEnvironment = environmentOf(
				new ByteArrayResource(configMapApplicationYml().getBytes(StandardCharsets.UTF_8)),
				new FileSystemResource("deploy/docker/container.yml"), new FileSystemResource("application.yml"),
				new ClassPathResource("application.yml"));
	}

	@Test
	void everyDocumentHasApiVersionKindAndName() {
		assertThat(documents).hasSizeGreaterThanOrEqualTo(4).allSatisfy((document) -> {
			assertThat(document).containsKeys("apiVersion", "kind");
			assertThat(map(document.get("metadata"))).containsKey("name");
		});
		assertThat(documents).extracting((document) -> document.get("kind"))
			.contains("ConfigMap", "Deployment", "Service", "NetworkPolicy", "HorizontalPodAutoscaler")
			.doesNotHaveDuplicates();
	}

	@Test
	void containerPortIsTheServerPortTheImageExposes() {
		int serverPort = podEnvironment.getProperty("server.port", Integer.class, 8080);

		assertThat(containerPort("http")).isEqualTo(serverPort).isEqualTo(dockerfileInteger("^EXPOSE (\\d+)$"));
	}

	@Test
	void probesAskTheManagementPortForTheHealthGroups() {
		assertThat(podEnvironment.getProperty("management.endpoint.health.probes.enabled", Boolean.class)).isTrue();
		assertThat(containerPort("management"))
			.isEqualTo(podEnvironment.getProperty("management.server.port", Integer.class));
		String health = podEnvironment.getProperty("management.endpoints.web.base-path", "/actuator") + "/health";

		assertThat(probe("startupProbe")).containsEntry("path", health + "/liveness")
			.containsEntry("port", "management");
		assertThat(probe("livenessProbe")).containsEntry("path", health + "/liveness")
			.containsEntry("port", "management");
		assertThat(probe("readinessProbe")).containsEntry("path", health + "/readiness")
			.containsEntry("port", "management");
	}

	/**
	 * The packaged default binds Actuator to loopback, where the kubelet cannot reach it.
	 */
	@Test
	void managementPortListensOnThePodAddress() {
		assertThat(podEnvironment.getProperty("management.server.address")).isEqualTo("127.0.0.1");

		assertThat(list(container().get("env"))).map(KubernetesManifestTests::map)
			.contains(Map.of("name", "MANAGEMENT_SERVER_ADDRESS", "value", "0.0.0.0"));
	}

	@Test
	void prometheusScrapesTheEndpointTheManagementPortExposes() {
		Map<String, Object> annotations = map(at(deployment(), "spec", "template", "metadata", "annotations"));

		assertThat(podEnvironment.getProperty("management.endpoints.web.exposure.include")).contains("prometheus");
		assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
			.containsEntry("prometheus.io/port", String.valueOf(containerPort("management")))
			.containsEntry("prometheus.io/path", "/actuator/prometheus");
	}

	@Test
	void configMapIsMountedWhereTheImageReadsConfiguration() throws IOException {
		String configMapName = (String) map(document("ConfigMap").get("metadata")).get("name");
		String volume = list(at(deployment(), "spec", "template", "spec", "volumes")).stream()
			.map(KubernetesManifestTests::map)
			.filter((candidate) -> candidate.containsKey("configMap"))
			.filter((candidate) -> configMapName.equals(map(candidate.get("configMap")).get("name")))
			.map((candidate) -> (String) candidate.get("name"))
			.findFirst()
			.orElseThrow();
		String mountPath = list(container().get("volumeMounts")).stream()
			.map(KubernetesManifestTests::map)
			.filter((mount) -> volume.equals(mount.get("name")))
			.map((mount) -> (String) mount.get("mountPath"))
			.findFirst()
			.orElseThrow();

		assertThat(Files.readString(DOCKERFILE))
			.containsPattern("(?m)^ENV SPRING_CONFIG_ADDITIONAL_LOCATION=.*optional:file:"
					+ Pattern.quote(mountPath + "/") + "\\s*$");
	}

	/**
	 * A misspelt key under {@code staticflux} would otherwise be ignored without a word.
	 */
	@Test
	void configMapNamesOnlyRealStaticfluxKeys() throws IOException {
		StandardEnvironment configMapOnly = environmentOf(
				new ByteArrayResource(configMapApplicationYml().getBytes(StandardCharsets.UTF_8)));
		Binder binder = new Binder(ConfigurationPropertySources.from(configMapOnly.getPropertySources()));

		assertThat(binder
			.bind("staticflux", Bindable.of(StaticFluxProperties.class),
					new NoUnboundElementsBindHandler(BindHandler.DEFAULT))
			.isBound()).isTrue();
	}

	/**
	 * YAML files in order of precedence, without this JVM's system properties and
	 * environment.
	 */
	private static StandardEnvironment environmentOf(Resource... yamlFiles) throws IOException {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		YamlPropertySourceLoader loader = new YamlPropertySourceLoader();
		for (Resource file : yamlFiles) {
			for (PropertySource<?> source : loader.load(file.getDescription(), file)) {
				environment.getPropertySources().addLast(source);
			}
		}
		return environment;
	}

	@Test
	void serviceSendsTrafficToTheDeploymentsHttpPort() {
		Map<String, Object> service = document("Service");
		Map<String, Object> podLabels = map(at(deployment(), "spec", "template", "metadata", "labels"));

		assertThat(podLabels).containsAllEntriesOf(map(at(service, "spec", "selector")));
		assertThat(map(at(deployment(), "spec", "selector", "matchLabels")))
			.isEqualTo(map(at(service, "spec", "selector")));
		assertThat(list(at(service, "spec", "ports"))).map(KubernetesManifestTests::map)
			.extracting((port) -> port.get("targetPort"))
			.containsExactly("http");
	}

	/**
	 * Actuator answers on the management port: only the kubelet (from the node, which a
	 * NetworkPolicy always lets through) and Prometheus, from the monitoring namespace,
	 * may reach it.
	 */
	@Test
	void managementPortIsReachableOnlyFromTheMonitoringNamespace() {
		Map<String, Object> policy = document("NetworkPolicy");
		Map<String, Object> podLabels = map(at(deployment(), "spec", "template", "metadata", "labels"));
		List<Map<String, Object>> rules = list(at(policy, "spec", "ingress")).stream()
			.map(KubernetesManifestTests::map)
			.toList();

		assertThat(podLabels).containsAllEntriesOf(map(at(policy, "spec", "podSelector", "matchLabels")));
		assertThat(list(at(policy, "spec", "policyTypes"))).contains("Ingress");
		assertThat(rules).filteredOn((rule) -> ports(rule).contains("management")).singleElement().satisfies((rule) -> {
			assertThat(ports(rule)).containsExactly("management");
			assertThat(list(rule.get("from"))).map(KubernetesManifestTests::map)
				.containsExactly(Map.of("namespaceSelector",
						Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "monitoring"))));
		});
		assertThat(rules).filteredOn((rule) -> !rule.containsKey("from"))
			.singleElement()
			.satisfies((rule) -> assertThat(ports(rule)).containsExactly("http"));
	}

	private static List<Object> ports(Map<String, Object> rule) {
		return list(rule.get("ports")).stream().map((port) -> map(port).get("port")).toList();
	}

	@Test
	void autoscalerScalesTheDeploymentOnCpuItRequests() {
		Map<String, Object> autoscaler = document("HorizontalPodAutoscaler");
		Map<String, Object> target = map(at(autoscaler, "spec", "scaleTargetRef"));

		assertThat(autoscaler).containsEntry("apiVersion", "autoscaling/v2");
		assertThat(target).containsEntry("apiVersion", deployment().get("apiVersion"))
			.containsEntry("kind", "Deployment")
			.containsEntry("name", map(deployment().get("metadata")).get("name"));
		assertThat((Integer) at(autoscaler, "spec", "minReplicas")).isEqualTo(at(deployment(), "spec", "replicas"))
			.isLessThan((Integer) at(autoscaler, "spec", "maxReplicas"));
		assertThat(map(at(container(), "resources", "requests"))).containsKeys("cpu", "memory");
		assertThat(map(at(container(), "resources", "limits"))).containsKey("memory");
	}

	@Test
	void podRunsAsTheImagesNonRootUser() {
		Map<String, Object> securityContext = map(at(deployment(), "spec", "template", "spec", "securityContext"));

		assertThat(securityContext).containsEntry("runAsNonRoot", true)
			.containsEntry("runAsUser", dockerfileInteger("^USER (\\d+):\\d+$"));
	}

	private static String configMapApplicationYml() {
		return (String) map(document("ConfigMap").get("data")).get("application.yml");
	}

	private static Map<String, Object> deployment() {
		return document("Deployment");
	}

	private static Map<String, Object> container() {
		List<Object> containers = list(at(deployment(), "spec", "template", "spec", "containers"));
		assertThat(containers).hasSize(1);
		return map(containers.get(0));
	}

	private static int containerPort(String name) {
		return list(container().get("ports")).stream()
			.map(KubernetesManifestTests::map)
			.filter((port) -> name.equals(port.get("name")))
			.map((port) -> (Integer) port.get("containerPort"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no container port named " + name));
	}

	private static Map<String, Object> probe(String kind) {
		return map(at(container(), kind, "httpGet"));
	}

	private static Map<String, Object> document(String kind) {
		return documents.stream()
			.filter((document) -> kind.equals(document.get("kind")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " in " + MANIFEST));
	}

	private static int dockerfileInteger(String regex) {
		try {
			Matcher matcher = Pattern.compile(regex, Pattern.MULTILINE).matcher(Files.readString(DOCKERFILE));
			assertThat(matcher.find()).as("%s in %s", regex, DOCKERFILE).isTrue();
			return Integer.parseInt(matcher.group(1));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Object at(Map<String, Object> node, String... path) {
		Object current = node;
		for (String key : path) {
			current = map(current).get(key);
			assertThat(current).as("%s in %s", String.join(".", path), MANIFEST).isNotNull();
		}
		return current;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object node) {
		assertThat(node).isInstanceOf(Map.class);
		return (Map<String, Object>) node;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object node) {
		assertThat(node).isInstanceOf(List.class);
		return (List<Object>) node;
	}

}

package dev.staticflux.ship;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the {@code Dockerfile} promises and a build would only find out late, or on
 * another machine: the base images are build arguments whose defaults build with the Java
 * version the pom compiles for and run on Java 25 (the first with the AOT cache the
 * entrypoint starts from), and every file it copies from the build context is one that
 * {@code .dockerignore} lets in. {@code deploy/docker/smoke.sh} builds and runs the image
 * itself.
 */
class DockerfileTests {

	private static final Path DOCKERFILE = Path.of("Dockerfile");

	private static final Path DOCKERIGNORE = Path.of(".dockerignore");

	private static final Pattern FROM = Pattern.compile("(?m)^FROM (\\S+)");

	private static final Pattern GLOBAL_ARG = Pattern.compile("(?m)^ARG (\\w+)=(\\S+)$");

	private static final Pattern COPY_FROM_CONTEXT = Pattern.compile("(?m)^COPY (?!--from=)(.+)$");

	@Test
	void buildsOnTemurinOfThePomsJavaVersionAndRunsOnTemurin25ForTheAotCache() throws IOException {
		String dockerfile = Files.readString(DOCKERFILE);
		Map<String, String> globalArguments = globalArguments(dockerfile);
		String javaVersion = pomProperty("java.version");

		List<String> bases = FROM.matcher(dockerfile).results().map((from) -> from.group(1)).toList();

		assertThat(bases).hasSize(2).allSatisfy((base) -> {
			assertThat(base).matches("\\$\\{\\w+}");
			String argument = base.substring(2, base.length() - 1);
			assertThat(globalArguments).as("ARG %s before the first FROM", argument).containsKey(argument);
		});
		assertThat(bases.stream().map((base) -> globalArguments.get(base.substring(2, base.length() - 1))))
			.containsExactly("eclipse-temurin:" + javaVersion + "-jdk-noble", "eclipse-temurin:25-jre-noble");
	}

	/**
	 * An AOT cache or CDS archive is used only for the class path it was made with:
	 * {@code -jar /app/app.jar} in the training run and in the entrypoint alike, and the
	 * files one writes are those the other reads (on a mismatch the JVM starts without
	 * them, slower and silently). The training run's directory is a setting for the
	 * benchmark's container layout; the image keeps its default.
	 */
	@Test
	void entrypointStartsFromTheArchivesTheTrainingRunWrites() throws IOException {
		String training = Files.readString(Path.of("deploy/docker/training-run.sh"));
		String entrypoint = Files.readString(Path.of("deploy/docker/entrypoint.sh"));

		assertThat(training).contains("app=${STATICFLUX_APP_DIR:-/app}", "-XX:AOTCacheOutput=$app/staticflux.aot",
				"-XX:ArchiveClassesAtExit=$app/staticflux.jsa", "-jar \"$app/app.jar\"");
		assertThat(Files.readString(DOCKERFILE)).doesNotContain("STATICFLUX_APP_DIR");
		assertThat(entrypoint).contains("-XX:AOTCache=/app/staticflux.aot", "-XX:SharedArchiveFile=/app/staticflux.jsa",
				"-jar /app/app.jar");
	}

	@Test
	void everyFileCopiedFromTheBuildContextIsAdmittedByDockerignore() throws IOException {
		List<String> patterns = Files.readAllLines(DOCKERIGNORE)
			.stream()
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
		List<Path> copied = new ArrayList<>();
		for (String source : copySources(Files.readString(DOCKERFILE))) {
			try (Stream<Path> files = Files.walk(Path.of(source))) {
				files.filter(Files::isRegularFile).forEach(copied::add);
			}
		}

		assertThat(copied).hasSizeGreaterThan(10)
			.allSatisfy((file) -> assertThat(admitted(patterns, file)).as("%s admitted by %s", file, DOCKERIGNORE)
				.isTrue());
		assertThat(admitted(patterns, Path.of(".git/config"))).as(".git stays out of the build context").isFalse();
		assertThat(admitted(patterns, Path.of("src/test/java"))).as("tests stay out of the build context").isFalse();
	}

	/**
	 * Docker's rule: the last pattern that matches the path, or any directory above it,
	 * decides; {@code !} admits again. Enough for the patterns used here (no {@code **}).
	 */
	private static boolean admitted(List<String> patterns, Path file) {
		boolean admitted = true;
		for (String pattern : patterns) {
			boolean negated = pattern.startsWith("!");
			String glob = (negated ? pattern.substring(1) : pattern).replaceAll("/+$", "");
			var matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
			for (int depth = 1; depth <= file.getNameCount(); depth++) {
				if (matcher.matches(file.subpath(0, depth))) {
					admitted = negated;
					break;
				}
			}
		}
		return admitted;
	}

	private static List<String> copySources(String dockerfile) {
		List<String> sources = new ArrayList<>();
		Matcher copy = COPY_FROM_CONTEXT.matcher(dockerfile);
		while (copy.find()) {
			String[] words = copy.group(1).trim().split("\\s+");
			sources.addAll(List.of(words).subList(0, words.length - 1));
		}
		assertThat(sources).as("COPY lines from the build context").isNotEmpty();
		return sources;
	}

	/**
	 * {@code ARG NAME=default} lines before the first {@code FROM}: the only ones a FROM
	 * line can use.
	 */
	private static Map<String, String> globalArguments(String dockerfile) {
		Matcher firstFrom = FROM.matcher(dockerfile);
		assertThat(firstFrom.find()).isTrue();
		Map<String, String> arguments = new LinkedHashMap<>();
		GLOBAL_ARG.matcher(dockerfile.substring(0, firstFrom.start()))
			.results()
			.forEach((argument) -> arguments.put(argument.group(1), argument.group(2)));
		return arguments;
	}

	private static String pomProperty(String name) throws IOException {
		Matcher property = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</")
			.matcher(Files.readString(Path.of("pom.xml")));
		assertThat(property.find()).as("%s in pom.xml", name).isTrue();
		return property.group(1);
	}

}

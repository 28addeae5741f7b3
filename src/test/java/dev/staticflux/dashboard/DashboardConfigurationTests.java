package dev.staticflux.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;
import tools.jackson.databind.json.JsonMapper;

import dev.staticflux.config.StaticFluxProperties;
import dev.staticflux.web.ErrorResponses;
import dev.staticflux.stats.StatsSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class DashboardConfigurationTests {

	@TempDir
	Path root;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withUserConfiguration(Collaborators.class, DashboardConfiguration.class)
			.withPropertyValues("staticflux.root=" + this.root);
	}

	@Test
	void servesTheDashboardByDefault() {
		runner()
			.run(context -> assertThat(context).hasSingleBean(RouterFunction.class).hasSingleBean(StatsStream.class));
	}

	@Test
	void servesNothingWhenDisabled() {
		runner().withPropertyValues("staticflux.dashboard.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(RouterFunction.class)
				.doesNotHaveBean(StatsStream.class));
	}

	@Test
	void warnsAtStartUpWhenTheDashboardHidesADirectoryOfTheRoot(CapturedOutput output) throws IOException {
		Files.createDirectories(this.root.resolve("stats"));
		runner().withPropertyValues("staticflux.dashboard.path=/stats")
			.run(context -> assertThat(output)
				.contains("The dashboard at /stats hides " + this.root.resolve("stats").toAbsolutePath()));
	}

	@Test
	void warnsAboutAFileOfAVirtualHostToo(CapturedOutput output) throws IOException {
		Path site = Files.createDirectories(this.root.resolve("site"));
		Files.writeString(site.resolve("dashboard"), "mine");
		runner().withPropertyValues("staticflux.hosts[0].name=docs.example.com", "staticflux.hosts[0].root=" + site)
			.run(context -> assertThat(output).contains("hides " + site.resolve("dashboard").toAbsolutePath()));
	}

	@Test
	void refusesAnAllowEntryThatIsNotAnAddressBlock() {
		runner().withPropertyValues("staticflux.dashboard.allow=10.0.0.0/8,10.1.0.0/8")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("staticflux.dashboard.allow: '10.1.0.0/8'")
				.hasMessageContaining("bits are set after the prefix"));
	}

	@Test
	void refusesNoViewers() {
		runner().withPropertyValues("staticflux.dashboard.max-viewers=0")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("staticflux.dashboard.max-viewers: 0 (expected: >= 1)"));
	}

	@Test
	void saysNothingWhenNothingIsHidden(CapturedOutput output) {
		runner().run(context -> assertThat(output).doesNotContain("hides"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(StaticFluxProperties.class)
	static class Collaborators {

		@Bean
		StatsSource statsSource() {
			return () -> Snapshots.withTotal(1);
		}

		@Bean
		JsonMapper jsonMapper() {
			return JsonMapper.builder().build();
		}

		@Bean
		ErrorResponses errorPages() {
			return Mockito.mock(ErrorResponses.class);
		}

	}

}

package dev.staticflux;

import java.util.Arrays;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.annotation.ImportCandidates;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link StaticFluxApplication}'s excluded auto-configurations rely on: staticflux
 * uses none of the features they serve. A class that starts to use one fails here, and
 * the exclusion goes with it.
 */
class StartupExclusionsTests {

	private static final JavaClasses MAIN = ArchitectureTests.MAIN;

	@Test
	void noClassSchedulesRunsAsynchronouslyOrIsAdvised() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.scheduling..", "org.springframework.core.task..",
					"org.springframework.aop..", "org.aspectj..")
			.because("StaticFluxApplication excludes the task executor, the scheduler and the auto-proxy creator")
			.check(MAIN);
	}

	@Test
	void noClassReadsMultipartBodiesOrUsesWebSessions() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.http.codec.multipart..",
					"org.springframework.web.server.session..")
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName("org.springframework.web.server.WebSession")
			.because("StaticFluxApplication excludes the multipart and web-session auto-configurations")
			.check(MAIN);
	}

	@Test
	void noClassProvidesAuditEventsOrHttpExchanges() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.boot.actuate.audit..",
					"org.springframework.boot.actuate.web.exchanges..")
			.because("StaticFluxApplication excludes the audit-event and HTTP-exchange auto-configurations")
			.check(MAIN);
	}

	@Test
	void everyExclusionIsAnAutoConfigurationThatWouldOtherwiseBeImported() {
		List<String> candidates = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())
			.getCandidates();
		Class<?>[] excluded = StaticFluxApplication.class.getAnnotation(SpringBootApplication.class).exclude();

		assertThat(excluded).isNotEmpty();
		assertThat(Arrays.stream(excluded).map(Class::getName))
			.allSatisfy((name) -> assertThat(candidates).as("auto-configuration candidates").contains(name));
	}

}

package dev.staticflux;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering docs/ARCHITECTURE.md describes, held by the build: the engine core decides
 * without any server API, the two adapters depend on the core and not on each other, and
 * no two packages depend on each other.
 */
class ArchitectureTests {

	static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.staticflux");

	@Test
	void theEngineCoreUsesNoWebFluxReactorOrNettyType() {
		noClasses().that()
			.resideInAPackage("dev.staticflux.engine..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.web..", "org.springframework.http.server..",
					"org.springframework.http.codec..", "org.springframework.core.io.buffer..", "reactor..",
					"org.reactivestreams..", "io.netty..")
			.check(MAIN);
	}

	@Test
	void theEngineCoreDependsOnNoAdapter() {
		noClasses().that()
			.resideInAPackage("dev.staticflux.engine..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.staticflux.web..", "dev.staticflux.netty..")
			.check(MAIN);
	}

	@Test
	void theAdaptersDoNotDependOnEachOther() {
		noClasses().that()
			.resideInAPackage("dev.staticflux.web..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.staticflux.netty..")
			.check(MAIN);
		noClasses().that()
			.resideInAPackage("dev.staticflux.netty..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.staticflux.web..")
			.check(MAIN);
	}

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("dev.staticflux.(*)..").should().beFreeOfCycles().check(MAIN);
	}

}

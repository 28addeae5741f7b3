package dev.staticflux.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UriTemplatesTests {

	private final UriTemplates templates = new UriTemplates("/dashboard", "/actuator");

	@Test
	void everyFileIsTheCatchAllRoute() {
		assertThat(templates.template("/")).isEqualTo("/**");
		assertThat(templates.template("/index.html")).isEqualTo("/**");
		assertThat(templates.template("/assets/app.3f2a.js?v=2")).isEqualTo("/**");
		assertThat(templates.template("/dashboards/x")).isEqualTo("/**");
		assertThat(templates.template("/actuators")).isEqualTo("/**");
	}

	@Test
	void theDashboardsRoutesAreTheirOwnTemplates() {
		assertThat(templates.template("/dashboard")).isEqualTo("/dashboard");
		assertThat(templates.template("/dashboard?x=1")).isEqualTo("/dashboard");
		assertThat(templates.template("/dashboard/")).isEqualTo("/dashboard/");
		assertThat(templates.template("/dashboard/stream")).isEqualTo("/dashboard/stream");
		assertThat(templates.template("/dashboard/assets/dashboard.js")).isEqualTo("/dashboard/assets/**");
		assertThat(templates.template("/dashboard/other")).isEqualTo("/**");
	}

	@Test
	void actuatorOnTheSamePortIsOneTemplate() {
		assertThat(templates.template("/actuator")).isEqualTo("/actuator/**");
		assertThat(templates.template("/actuator/health/liveness")).isEqualTo("/actuator/**");
		assertThat(new UriTemplates("/dashboard", null).template("/actuator/health")).isEqualTo("/**");
	}

	@Test
	void anAbsoluteFormTargetIsMatchedByItsPath() {
		assertThat(templates.template("http://example.com/dashboard/stream")).isEqualTo("/dashboard/stream");
		assertThat(templates.template("http://example.com")).isEqualTo("/**");
	}

	@Test
	void aRequestRejectedBeforeItsTargetWasReadIsUnknown() {
		assertThat(templates.template(null)).isEqualTo("UNKNOWN");
	}

	@Test
	void withTheDashboardOffOnlyTheCatchAllAndUnknownRemain() {
		assertThat(new UriTemplates(null, null).all()).containsExactly("/**", "UNKNOWN");
	}

}

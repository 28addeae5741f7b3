package dev.staticflux.netty;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class NettyFileRouteTests {

	@ParameterizedTest
	@CsvSource({ "/,/", "/a.html,/a.html", "/a.html?v=1,/a.html", "/a%20b/c.txt?x=/?y,/a%20b/c.txt",
			"/~user/(1)!$&'*+;=:@,/~user/(1)!$&'*+;=:@", "/a?,/a" })
	void takesThePathOfAPlainOriginFormTarget(String target, String path) {
		assertThat(NettyFileRoute.rawPath(target)).isEqualTo(path);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "*", "http://host/a", "//host/a", "a.html", "/a b", "/a\"b", "/a<b>", "/a#frag",
			"/a\\b", "/é", "/a?q=é", "/a|b", "/a{b}", "/a^b", "/a`b" })
	void leavesAnyOtherTargetToWebFlux(String target) {
		assertThat(NettyFileRoute.rawPath(target)).isNull();
	}

}

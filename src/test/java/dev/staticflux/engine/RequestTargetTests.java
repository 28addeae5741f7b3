package dev.staticflux.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RequestTargetTests {

	@ParameterizedTest
	@CsvSource(nullValues = "null",
			value = { "/a.html,/a.html,null,null", "/a.html?v=1,/a.html,v=1,null", "/a?,/a,'',null",
					"/?x=/?y,/,x=/?y,null", "http://a.test/b/c?d,/b/c,d,a.test",
					"HTTPS://A.Test:8443/b,/b,null,A.Test:8443", "http://user:pw@a.test/b,/b,null,a.test",
					"http://a.test,/,null,a.test", "http://a.test?q,/,q,a.test", "//a.test/b,//a.test/b,null,null",
					"*,*,null,null", "a.html,a.html,null,null", "ftp://a.test/b,ftp://a.test/b,null,null" })
	void splitsATargetIntoPathQueryAndTheAuthorityOfTheAbsoluteForm(String target, String path, String query,
			String authority) {
		RequestTarget parsed = RequestTarget.parse(target);

		assertThat(parsed.rawPath()).isEqualTo(path);
		assertThat(parsed.rawQuery()).isEqualTo(query);
		assertThat(parsed.authority()).isEqualTo(authority);
	}

}

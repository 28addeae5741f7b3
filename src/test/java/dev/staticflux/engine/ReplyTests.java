package dev.staticflux.engine;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyTests {

	private final Reply reply = Reply.status(HttpStatus.OK)
		.header("ETag", "\"1\"")
		.header("Vary", "Accept-Encoding")
		.header("Content-Length", "3")
		.build();

	@Test
	void siteHeadersComeAfterTheEnginesOwn() {
		Reply with = reply.with(List.of("X-Frame-Options", "DENY"), false);

		assertThat(with.headerList()).containsExactly("ETag", "\"1\"", "Vary", "Accept-Encoding", "Content-Length", "3",
				"X-Frame-Options", "DENY");
		assertThat(with.status()).isEqualTo(HttpStatus.OK);
		assertThat(with.body()).isSameAs(reply.body());
	}

	@Test
	void acceptJoinsAnExistingVaryInOneField() {
		assertThat(reply.with(List.of(), true).headerList()).containsExactly("ETag", "\"1\"", "Vary",
				"Accept, Accept-Encoding", "Content-Length", "3");
	}

	@Test
	void acceptIsTheVaryOfAReplyWithoutOne() {
		Reply notFound = Reply.status(HttpStatus.NOT_FOUND).header("Content-Length", "0").build();

		assertThat(notFound.with(List.of(), true).headerList()).containsExactly("Content-Length", "0", "Vary",
				"Accept");
	}

	@Test
	void nothingToAddKeepsTheReply() {
		assertThat(reply.with(List.of(), false)).isSameAs(reply);
	}

}

package dev.staticflux.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DirectoryListingTests {

	@TempDir
	Path base;

	private Path root;

	private Path listed;

	@BeforeEach
	void site() throws IOException {
		root = Files.createDirectories(base.resolve("www"));
		listed = Files.createDirectories(root.resolve("listed"));
		Path outside = Files.createDirectories(base.resolve("outside"));
		Files.writeString(outside.resolve("secret.txt"), "x".repeat(4321));
		Files.writeString(root.resolve("inside.txt"), "y".repeat(8765));
		Files.writeString(listed.resolve("plain.txt"), "12345");
		Files.createSymbolicLink(listed.resolve("link-out.txt"), outside.resolve("secret.txt"));
		Files.createSymbolicLink(listed.resolve("link-out-dir"), outside);
		Files.createSymbolicLink(listed.resolve("link-in.txt"), root.resolve("inside.txt"));
		Files.createSymbolicLink(listed.resolve("dangling"), base.resolve("nothing-here"));
		Files.createSymbolicLink(listed.resolve("loop"), listed.resolve("loop"));
	}

	private String render(boolean followSymlinks, int maxEntries) throws IOException {
		byte[] page = new DirectoryListing(false, followSymlinks, maxEntries).render(listed, root, "/listed/");
		return new String(page, StandardCharsets.UTF_8);
	}

	/**
	 * Regression: a listing read size and date through links, also through ones that
	 * leave the root.
	 */
	@Test
	void linksLeavingTheRootAreNotListedWhenLinksMayNotBeFollowed() throws IOException {
		String page = render(false, 100);

		assertThat(page).contains(">plain.txt<", ">5<", ">link-in.txt<")
			.doesNotContain("link-out", "dangling", ">loop<", "4321");
	}

	@Test
	void linksAreNeverFollowedForTheirDetails() throws IOException {
		String page = render(true, 100);

		assertThat(page).contains(">link-in.txt<", ">link-out.txt<", ">link-out-dir<").doesNotContain("8765", "4321");
		assertThat(page).containsPattern(">link-in.txt</a></td><td class=\"n\">-<");
	}

	@Test
	void linksThatLeadNowhereAreNotListedEvenWhenLinksMayBeFollowed() throws IOException {
		assertThat(render(true, 100)).doesNotContain("dangling", ">loop<");
	}

	@Test
	void aListingCutAtItsCapSaysSo() throws IOException {
		for (int i = 0; i < 5; i++) {
			Files.writeString(listed.resolve("more-" + i + ".txt"), "m");
		}

		String page = render(false, 3);

		assertThat(page).contains("only 3 of them are listed");
		assertThat(page.split("<tr><td><a href=\"(?!\\.\\./)").length - 1).isEqualTo(3);
	}

	@Test
	void aListingUnderItsCapSaysNothingAboutIt() throws IOException {
		assertThat(render(false, 100)).doesNotContain("are listed");
	}

}

package dev.staticflux.http;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import dev.staticflux.testsupport.TestSite;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code staticflux.directory-listing=true}: a directory without an index file gets an
 * HTML listing.
 */
@TestPropertySource(properties = "staticflux.directory-listing=true")
class DirectoryListingIntegrationTests extends FileEngineContract {

	@BeforeAll
	static void createListedDirectory() throws IOException {
		Path listed = Files.createDirectories(root.resolve("listed"));
		TestSite.write(listed.resolve("b.txt"), "bb");
		TestSite.write(listed.resolve("a&<b>\".txt"), "a");
		TestSite.write(listed.resolve("with space.txt"), "w");
		TestSite.write(listed.resolve("c#?.txt"), "c");
		TestSite.write(listed.resolve(".hidden-file"), "h");
		Files.createDirectories(listed.resolve(".hidden-dir"));
		Files.createDirectories(listed.resolve("zdir"));
		Path links = Files.createDirectories(root.resolve("links"));
		Files.createSymbolicLink(links.resolve("to-secret.txt"), root.resolveSibling("outside").resolve("secret.txt"));
		Files.createSymbolicLink(links.resolve("to-outside"), root.resolveSibling("outside"));
		Files.createSymbolicLink(links.resolve("to-large.bin"), root.resolve("large.bin"));
		Path many = Files.createDirectories(root.resolve("many"));
		for (int i = 0; i <= DirectoryListing.MAX_ENTRIES; i++) {
			Files.createFile(many.resolve("f" + i));
		}
	}

	/**
	 * Regression: the listing read sizes and dates through links, also through ones
	 * leaving the root.
	 */
	@Test
	void linksLeavingTheRootAreNotListedAndNoLinkIsFollowedForItsDetails() throws Exception {
		String page = text(get("/links/"));

		assertThat(page).contains(">to-large.bin<")
			.doesNotContain("to-secret", "to-outside", Integer.toString(TestSite.LARGE_SIZE));
	}

	@Test
	void aListingCutAtItsEntryCapSaysSo() throws Exception {
		HttpResponse<byte[]> response = get("/many/");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(text(response)).contains("only 10,000 of them are listed");
	}

	@Test
	void directoryWithoutIndexIsListed() throws Exception {
		HttpResponse<byte[]> response = get("/listed/");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "Content-Type")).isEqualTo("text/html;charset=utf-8");
		assertThat(header(response, "Content-Length")).isEqualTo(Integer.toString(response.body().length));
		assertThat(text(response)).contains("Index of /listed/", ">b.txt<", ">2<");
	}

	@Test
	void namesAreHtmlEscapedAndLinksUrlEncoded() throws Exception {
		String page = text(get("/listed/"));

		assertThat(page).contains(">a&amp;&lt;b&gt;&quot;.txt<", "href=\"a%26%3Cb%3E%22.txt\"")
			.contains(">with space.txt<", "href=\"with%20space.txt\"")
			.contains("href=\"c%23%3F.txt\"")
			.doesNotContain("<b>", "href=\"with space.txt\"");
	}

	@Test
	void hiddenEntriesAreLeftOut() throws Exception {
		assertThat(text(get("/listed/"))).doesNotContain(".hidden-file", ".hidden-dir");
	}

	@Test
	void entriesAreSortedDirectoriesFirst() throws Exception {
		String page = text(get("/listed/"));

		assertThat(page.indexOf("zdir/")).isLessThan(page.indexOf(">a&amp;"));
		assertThat(page.indexOf(">a&amp;")).isLessThan(page.indexOf(">b.txt<"));
		assertThat(page.indexOf(">b.txt<")).isLessThan(page.indexOf(">c#?.txt<"));
		assertThat(page.indexOf(">c#?.txt<")).isLessThan(page.indexOf(">with space.txt<"));
	}

	@Test
	void listedLinksResolve() throws Exception {
		assertThat(text(get("/listed/with%20space.txt"))).isEqualTo("w");
		assertThat(text(get("/listed/a%26%3Cb%3E%22.txt"))).isEqualTo("a");
	}

	@Test
	void indexFileStillWinsOverTheListing() throws Exception {
		assertThat(text(get("/docs/"))).contains("docs index");
	}

	@Test
	void directoryWithoutSlashStillRedirects() throws Exception {
		assertThat(get("/listed").statusCode()).isEqualTo(301);
	}

	@Test
	void headOfAListingHasNoBody() throws Exception {
		HttpResponse<byte[]> response = head("/listed/");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void everyDirectoryWithoutIndexIsListedWithoutItsHiddenFiles() throws Exception {
		assertThat(text(get("/sub/"))).contains("visible.txt").doesNotContain(".hidden");
	}

}

package dev.staticflux.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The symlink rule as {@link FileResolver} decides it, with links met at every place a
 * path can hold one: below the root, in the middle of a path, as the index file, as a
 * precompressed variant, and as the root itself.
 */
class FileResolverTests {

	@TempDir
	Path temp;

	private Path root;

	private Path outside;

	private final FileResolver resolver = new FileResolver(List.of("index.html"), false, false);

	private Resolution resolve(String path) throws IOException {
		return resolver.resolve(root, RequestPath.parse(path));
	}

	private void createSite() throws IOException {
		root = Files.createDirectory(temp.resolve("root"));
		outside = Files.createDirectory(temp.resolve("outside"));
		Files.writeString(outside.resolve("secret.txt"), "secret");
		Files.createDirectory(root.resolve("docs"));
		Files.writeString(root.resolve("docs/page.html"), "page");
	}

	@Nested
	class LinksNotFollowed {

		@Test
		void fileBelowTheRootWithoutLinksIsFoundWithItsAttributes() throws IOException {
			createSite();

			Resolution found = resolve("/docs/page.html");

			assertThat(found.kind()).isEqualTo(Resolution.Kind.FILE);
			assertThat(found.file()).isEqualTo(root.resolve("docs/page.html"));
			assertThat(found.relative()).isEqualTo("docs/page.html");
			assertThat(found.size()).isEqualTo(4);
			assertThat(found.fileKey())
				.isEqualTo(Files.readAttributes(root.resolve("docs/page.html"), BasicFileAttributes.class).fileKey());
		}

		/**
		 * A link at {@code link} (below the root) to {@code target} (absolute from the
		 * temporary directory when it starts with {@code /}, else as written), then a
		 * request.
		 */
		@ParameterizedTest(name = "{0} -> {1}: {2} is {3}")
		@CsvSource({ "alias.html, /root/docs/page.html, /alias.html, FILE",
				"leak.txt, /outside/secret.txt, /leak.txt, NOT_FOUND",
				"docs/up.txt, ../../outside/secret.txt, /docs/up.txt, NOT_FOUND",
				"docs/index.html, /outside/secret.txt, /docs/, NOT_FOUND",
				"docs/out, /outside, /docs/out/secret.txt, NOT_FOUND", "docs/out, /outside, /docs/out/, NOT_FOUND",
				"manual, /root/docs, /manual/page.html, FILE" })
		void linkIsFollowedOnlyWhenItsRealPathIsInsideTheRoot(String link, String target, String request,
				Resolution.Kind expected) throws IOException {
			createSite();
			Files.createSymbolicLink(root.resolve(link),
					target.startsWith("/") ? temp.resolve(target.substring(1)) : Path.of(target));

			assertThat(resolve(request).kind()).isEqualTo(expected);
		}

		@Test
		void linkInTheMiddleOfThePathToADirectoryInsideIsFound() throws IOException {
			createSite();
			Files.createSymbolicLink(root.resolve("manual"), root.resolve("docs"));

			Resolution found = resolve("/manual/page.html");

			assertThat(found.kind()).isEqualTo(Resolution.Kind.FILE);
			assertThat(found.relative()).isEqualTo("manual/page.html");
		}

		@Test
		void linkSwappedToPointOutsideIsRefusedAtTheNextResolution() throws IOException {
			createSite();
			Path link = root.resolve("current.html");
			Files.createSymbolicLink(link, root.resolve("docs/page.html"));
			assertThat(resolve("/current.html").kind()).isEqualTo(Resolution.Kind.FILE);

			Path swapped = root.resolve("current.html.tmp");
			Files.createSymbolicLink(swapped, outside.resolve("secret.txt"));
			Files.move(swapped, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

			assertThat(resolve("/current.html").kind()).isEqualTo(Resolution.Kind.NOT_FOUND);
		}

		@Test
		void fileReplacedByALinkOutsideIsRefusedAtTheNextResolution() throws IOException {
			createSite();
			assertThat(resolve("/docs/page.html").kind()).isEqualTo(Resolution.Kind.FILE);

			Files.delete(root.resolve("docs/page.html"));
			Files.createSymbolicLink(root.resolve("docs/page.html"), outside.resolve("secret.txt"));

			assertThat(resolve("/docs/page.html").kind()).isEqualTo(Resolution.Kind.NOT_FOUND);
		}

		@Test
		void precompressedVariantThatLinksOutsideIsNotFound() throws IOException {
			createSite();
			Files.writeString(outside.resolve("secret.txt.gz"), "gzip");
			Files.createSymbolicLink(root.resolve("docs/page.html.gz"), outside.resolve("secret.txt.gz"));
			Files.writeString(root.resolve("docs/page.html.br"), "br");

			Resolution file = resolve("/docs/page.html");

			assertThat(resolver.variant(root, file, ContentCoding.GZIP).kind()).isEqualTo(Resolution.Kind.NOT_FOUND);
			assertThat(resolver.variant(root, file, ContentCoding.BR).relative()).isEqualTo("docs/page.html.br");
		}

		@Test
		void rootThatIsItselfALinkServesWhatItPointsTo() throws IOException {
			createSite();
			Path served = Files.createSymbolicLink(temp.resolve("current"), root);
			Path target = root;
			root = served;

			assertThat(resolve("/docs/page.html").kind()).isEqualTo(Resolution.Kind.FILE);
			Files.createSymbolicLink(target.resolve("back"), served.resolve("docs"));
			assertThat(resolve("/back/page.html").kind()).as("a link into the root named through the root's link")
				.isEqualTo(Resolution.Kind.FILE);
		}

		@Test
		void fileInTheMiddleOfAPathIsNotFound() throws IOException {
			createSite();

			assertThat(resolve("/docs/page.html/more").kind()).isEqualTo(Resolution.Kind.NOT_FOUND);
		}

		@Test
		void missingRootIsNotFound() throws IOException {
			createSite();
			root = temp.resolve("gone");

			assertThat(resolve("/docs/page.html").kind()).isEqualTo(Resolution.Kind.NOT_FOUND);
			assertThat(resolve("/").kind()).isEqualTo(Resolution.Kind.NOT_FOUND);
		}

	}

	@Nested
	class LinksFollowed {

		private final FileResolver following = new FileResolver(List.of("index.html"), true, false);

		@Test
		void linkToAFileOutsideTheRootIsFound() throws IOException {
			createSite();
			Files.createSymbolicLink(root.resolve("leak.txt"), outside.resolve("secret.txt"));

			assertThat(following.resolve(root, RequestPath.parse("/leak.txt")).kind()).isEqualTo(Resolution.Kind.FILE);
		}

	}

}

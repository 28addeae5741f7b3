package dev.staticflux.health;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.staticflux.config.StaticFluxProperties;

/**
 * A directory the server serves from: the default root or a virtual host's.
 *
 * @param name {@code default}, or the virtual host's name
 * @param path the root, absolute
 */
record ServedRoot(String name, Path path) {

	static final String DEFAULT = "default";

	/** The default root, then each virtual host's, in configuration order. */
	static List<ServedRoot> of(StaticFluxProperties properties) {
		List<ServedRoot> roots = new ArrayList<>();
		roots.add(new ServedRoot(DEFAULT, properties.root()));
		properties.hosts().forEach(host -> roots.add(new ServedRoot(host.name(), host.root())));
		return List.copyOf(roots);
	}

	ServedRoot {
		path = path.toAbsolutePath().normalize();
	}

	/**
	 * What keeps the root from being served, or {@code null} when it can be: it must be a
	 * directory the server may open and list (read and search permission). Blocking.
	 */
	@Nullable String problem() {
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
			entries.iterator().hasNext();
			return null;
		}
		catch (NoSuchFileException ex) {
			return "missing";
		}
		catch (NotDirectoryException ex) {
			return "not a directory";
		}
		catch (AccessDeniedException ex) {
			return "not readable";
		}
		catch (IOException | RuntimeException ex) {
			return "unreadable (" + ex.getClass().getSimpleName() + ")";
		}
	}

}

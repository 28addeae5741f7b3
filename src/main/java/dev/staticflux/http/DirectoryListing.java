package dev.staticflux.http;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.web.util.HtmlUtils;

/**
 * Renders a directory as an HTML page: entries sorted by name, directories first, hidden
 * entries left out when hidden files are denied, names HTML-escaped in text and
 * percent-encoded in links, with sizes and modification dates. Blocking: call it off the
 * event loop.
 *
 * <p>
 * Symbolic links are never followed for their details: a link is listed with its own date
 * and no size, so a listing tells nothing about what a link points to. Unless links may
 * be followed out of the root, a link whose target is outside the root (those answer 404)
 * is not listed at all, nor is a link that leads nowhere. At most {@value #MAX_ENTRIES}
 * entries are read; a directory with more is cut there, and the page says so.
 */
final class DirectoryListing {

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(ZoneOffset.UTC);

	static final int MAX_ENTRIES = 10_000;

	private final boolean showHidden;

	private final boolean followSymlinks;

	private final int maxEntries;

	/**
	 * @param showHidden whether entries whose name starts with {@code .} are listed
	 * @param followSymlinks whether links may lead out of the root
	 * ({@code staticflux.follow-symlinks})
	 */
	DirectoryListing(boolean showHidden, boolean followSymlinks) {
		this(showHidden, followSymlinks, MAX_ENTRIES);
	}

	DirectoryListing(boolean showHidden, boolean followSymlinks, int maxEntries) {
		this.showHidden = showHidden;
		this.followSymlinks = followSymlinks;
		this.maxEntries = maxEntries;
	}

	private record Entry(String name, boolean directory, boolean link, long size, long modified) {
	}

	/**
	 * @param directory the directory to list
	 * @param root the root it is served from
	 * @param requestPath the decoded request path, shown as the title
	 */
	byte[] render(Path directory, Path root, String requestPath) throws IOException {
		Path realRoot = root.toRealPath();
		List<Entry> entries = new ArrayList<>();
		boolean cut = false;
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
			for (Path child : stream) {
				String name = child.getFileName().toString();
				if (!showHidden && name.startsWith(".")) {
					continue;
				}
				if (entries.size() >= maxEntries) {
					cut = true;
					break;
				}
				Entry entry = entry(child, name, realRoot);
				if (entry != null) {
					entries.add(entry);
				}
			}
		}
		entries.sort(Comparator.comparing((Entry e) -> !e.directory()).thenComparing(Entry::name));
		return page(entries, requestPath, cut);
	}

	/**
	 * The entry's own details, never its link target's; {@code null} when it is not to be
	 * listed.
	 */
	private @Nullable Entry entry(Path child, String name, Path realRoot) {
		try {
			BasicFileAttributes attributes = Files.readAttributes(child, BasicFileAttributes.class,
					LinkOption.NOFOLLOW_LINKS);
			if (attributes.isSymbolicLink() && !linkShown(child, realRoot)) {
				return null;
			}
			return new Entry(name, attributes.isDirectory(), attributes.isSymbolicLink(), attributes.size(),
					attributes.lastModifiedTime().toMillis());
		}
		catch (IOException ex) {
			// vanished or unreadable between listing and stat: leave it out
			return null;
		}
	}

	/** Whether a link leads somewhere that a request for it could be served from. */
	private boolean linkShown(Path link, Path realRoot) {
		try {
			Path target = link.toRealPath();
			return followSymlinks || target.startsWith(realRoot);
		}
		catch (IOException ex) {
			// dangling, a loop, or unreadable: a request for it answers 404
			return false;
		}
	}

	private static byte[] page(List<Entry> entries, String requestPath, boolean cut) {
		String title = HtmlUtils.htmlEscape("Index of " + requestPath);
		StringBuilder html = new StringBuilder(256 + entries.size() * 160);
		html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
			.append(title)
			.append("</title>\n<style>body{font:15px system-ui,sans-serif;margin:2rem}td{padding:.15rem 1rem .15rem 0}"
					+ "td.n{text-align:right;font-variant-numeric:tabular-nums}</style></head>\n<body><h1>")
			.append(title)
			.append("</h1>\n");
		if (cut) {
			html.append("<p class=\"cut\">This directory has more entries than a listing shows: only ")
				.append(String.format(Locale.ROOT, "%,d", entries.size()))
				.append(" of them are listed.</p>\n");
		}
		html.append("<table>\n<tr><th>Name</th><th>Size</th><th>Modified (UTC)</th></tr>\n");
		if (!requestPath.equals("/")) {
			html.append("<tr><td><a href=\"../\">../</a></td><td></td><td></td></tr>\n");
		}
		for (Entry entry : entries) {
			String suffix = entry.directory() ? "/" : "";
			html.append("<tr><td><a href=\"")
				.append(URLEncoder.encode(entry.name(), StandardCharsets.UTF_8).replace("+", "%20"))
				.append(suffix)
				.append("\">")
				.append(HtmlUtils.htmlEscape(entry.name()))
				.append(suffix)
				.append("</a></td><td class=\"n\">")
				.append((entry.directory() || entry.link()) ? "-" : Long.toString(entry.size()))
				.append("</td><td>")
				.append(DATE.format(Instant.ofEpochMilli(entry.modified())))
				.append("</td></tr>\n");
		}
		html.append("</table>\n</body></html>\n");
		return html.toString().getBytes(StandardCharsets.UTF_8);
	}

}

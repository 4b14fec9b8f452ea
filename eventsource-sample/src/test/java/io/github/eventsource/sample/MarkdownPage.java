package io.github.eventsource.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Markdown page of the documentation, read as GitHub renders it: its fenced blocks,
 * its headings with the anchors GitHub gives them, and its links. Lines inside fenced
 * blocks are neither headings nor links.
 *
 * @param path the file
 * @param name the file relative to the repository root, for messages
 * @param lines the page's lines
 */
record MarkdownPage(Path path, String name, List<String> lines) {

	/**
	 * A fenced block, possibly indented under a list item: the fence's indentation is
	 * taken off every line of the block.
	 */
	private static final Pattern JAVA_BLOCK = Pattern.compile("^([ \\t]*)```java\\n(.*?)^\\1```$",
			Pattern.MULTILINE | Pattern.DOTALL);

	private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");

	private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

	private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

	/**
	 * An inline link or image: the text may span lines, the target may be followed by a
	 * title.
	 */
	private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

	private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

	static MarkdownPage read(Path root, String name) throws IOException {
		Path path = root.resolve(name);
		return new MarkdownPage(path, name, Files.readAllLines(path, StandardCharsets.UTF_8));
	}

	static MarkdownPage read(Path path) throws IOException {
		String name = Path.of("..").toAbsolutePath().normalize().relativize(path.toAbsolutePath().normalize()).toString();
		return new MarkdownPage(path, name, Files.readAllLines(path, StandardCharsets.UTF_8));
	}

	/**
	 * The {@code ```java} blocks, in order, each without the indentation of its fence.
	 */
	List<String> javaBlocks() {
		List<String> blocks = new ArrayList<>();
		Matcher matcher = JAVA_BLOCK.matcher(String.join("\n", this.lines) + "\n");
		while (matcher.find()) {
			String indent = matcher.group(1);
			StringBuilder block = new StringBuilder();
			for (String line : matcher.group(2).split("\n", -1)) {
				block.append(line.startsWith(indent) ? line.substring(indent.length()) : line).append('\n');
			}
			blocks.add(block.toString());
		}
		return blocks;
	}

	/**
	 * The anchors of the page's headings, as GitHub makes them: a heading's
	 * {@link #slug(String) slug}, followed by {@code -1}, {@code -2}, ... when an
	 * earlier heading has the same one.
	 */
	Set<String> anchors() {
		Set<String> anchors = new LinkedHashSet<>();
		Map<String, Integer> seen = new HashMap<>();
		for (String line : prose()) {
			Matcher heading = HEADING.matcher(line);
			if (heading.matches()) {
				String slug = slug(heading.group(1));
				int count = seen.merge(slug, 1, Integer::sum);
				anchors.add((count == 1) ? slug : slug + "-" + (count - 1));
			}
		}
		return anchors;
	}

	/**
	 * The targets of the links outside code, other than URLs with a scheme (such as
	 * {@code https:} or {@code mailto:}): a file relative to the page, possibly with an
	 * {@code #anchor}, or an anchor of the page itself.
	 */
	List<String> relativeLinks() {
		String text = CODE_SPAN.matcher(String.join("\n", prose())).replaceAll("");
		List<String> targets = new ArrayList<>();
		Matcher link = LINK.matcher(text);
		while (link.find()) {
			String target = link.group(1);
			if (!SCHEME.matcher(target).find()) {
				targets.add(target);
			}
		}
		return targets;
	}

	/**
	 * The anchor GitHub gives a heading: lower case, backticks and every punctuation
	 * character but {@code -} and {@code _} removed, spaces turned into {@code -}.
	 */
	static String slug(String heading) {
		StringBuilder slug = new StringBuilder();
		heading.strip().toLowerCase(Locale.ROOT).codePoints().forEach((c) -> {
			if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
				slug.appendCodePoint(c);
			}
			else if (c == ' ') {
				slug.append('-');
			}
		});
		return slug.toString();
	}

	/**
	 * The lines outside fenced blocks.
	 */
	private List<String> prose() {
		List<String> prose = new ArrayList<>();
		String fence = null;
		for (String line : this.lines) {
			Matcher opening = FENCE.matcher(line);
			if (opening.find()) {
				if (fence == null) {
					fence = opening.group(1);
				}
				else if (opening.group(1).equals(fence)) {
					fence = null;
				}
				continue;
			}
			if (fence == null) {
				prose.add(line);
			}
		}
		return prose;
	}

}

package io.github.eventsource.sample;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the documentation as a reader meets it: the README, the pages under
 * {@code docs/} and the benchmark's README. Every {@code ```java} block compiles as shown,
 * imports included, against this module's test classpath (the starter, the test starter,
 * Spring Security and the rest of what an application of the documentation has); every
 * relative link leads to a file that exists and, with an {@code #anchor}, to a heading of
 * that file; and the README stays a short guide.
 * <p>
 * A block that needs Tomcat's or Jetty's classes is compiled only where that container
 * is on the classpath: the default Surefire execution takes Jetty off, the execution
 * {@code jetty} Tomcat.
 */
class ReadmeSnippetsTests {

	private static final Path ROOT = Path.of("..");

	private static final int README_MAX_LINES = 400;

	private static final boolean TOMCAT_PRESENT = ClassUtils
		.isPresent("org.springframework.boot.tomcat.TomcatConnectorCustomizer", null);

	private static final boolean JETTY_PRESENT = ClassUtils
		.isPresent("org.springframework.boot.jetty.JettyServerCustomizer", null);

	@TempDir
	Path classes;

	@Test
	void everyJavaBlockCompilesAsShown() throws IOException {
		List<MarkdownPage> pages = pages();
		int total = 0;
		SoftAssertions softly = new SoftAssertions();
		for (MarkdownPage page : pages) {
			List<String> blocks = page.javaBlocks();
			total += blocks.size();
			for (int i = 0; i < blocks.size(); i++) {
				String block = blocks.get(i);
				if (!compilesHere(block)) {
					continue;
				}
				String name = "Snippet" + total + "_" + (i + 1);
				softly.assertThat(compile(name, block))
					.as("%s, Java block %d:%n%s", page.name(), i + 1, block)
					.isEmpty();
			}
		}
		softly.assertAll();
		assertThat(MarkdownPage.read(ROOT, "README.md").javaBlocks()).as("Java blocks of README.md")
			.hasSizeGreaterThanOrEqualTo(3);
		assertThat(total).as("Java blocks of the documentation").isGreaterThanOrEqualTo(15);
	}

	private static boolean compilesHere(String block) {
		boolean tomcat = block.contains("import org.springframework.boot.tomcat.");
		boolean jetty = block.contains("import org.springframework.boot.jetty.")
				|| block.contains("import org.eclipse.jetty.");
		return (!tomcat || TOMCAT_PRESENT) && (!jetty || JETTY_PRESENT);
	}

	@Test
	void everyRelativeLinkLeadsToAFileAndItsHeading() throws IOException {
		List<MarkdownPage> pages = pages();
		int links = 0;
		SoftAssertions softly = new SoftAssertions();
		for (MarkdownPage page : pages) {
			for (String target : page.relativeLinks()) {
				links++;
				String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
				String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
				Path resolved = file.isEmpty() ? page.path() : page.path().resolveSibling(file).normalize();
				softly.assertThat(resolved).as("%s links to %s: no such file", page.name(), target).exists();
				if (anchor != null && resolved.toString().endsWith(".md") && Files.isRegularFile(resolved)) {
					softly.assertThat(MarkdownPage.read(resolved).anchors())
						.as("%s links to %s: no such heading in %s", page.name(), target, resolved.normalize())
						.contains(anchor);
				}
			}
		}
		softly.assertAll();
		assertThat(links).as("relative links of the documentation").isGreaterThanOrEqualTo(40);
	}

	@Test
	void readmeIsAShortGuide() throws IOException {
		assertThat(Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8)).as("lines of README.md")
			.hasSizeLessThanOrEqualTo(README_MAX_LINES);
	}

	@Test
	void headingsBecomeGitHubAnchors() {
		assertThat(MarkdownPage.slug("Streams from a source: `Flux`, `Publisher`, `Stream`"))
			.isEqualTo("streams-from-a-source-flux-publisher-stream");
		assertThat(MarkdownPage.slug("HTTP/2")).isEqualTo("http2");
		assertThat(MarkdownPage.slug("Cluster mode (W7, W8c)")).isEqualTo("cluster-mode-w7-w8c");
		assertThat(MarkdownPage.slug("The `eventsource` Actuator endpoint")).isEqualTo("the-eventsource-actuator-endpoint");
	}

	/**
	 * The README, every page under {@code docs/}, and the benchmark's README.
	 */
	private static List<MarkdownPage> pages() throws IOException {
		List<MarkdownPage> pages = new ArrayList<>();
		pages.add(MarkdownPage.read(ROOT, "README.md"));
		try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
			for (Path path : docs.filter((path) -> path.toString().endsWith(".md")).sorted().toList()) {
				pages.add(MarkdownPage.read(path));
			}
		}
		pages.add(MarkdownPage.read(ROOT, "eventsource-benchmark/README.md"));
		assertThat(pages).as("documentation pages").hasSizeGreaterThanOrEqualTo(15);
		return pages;
	}

	/**
	 * Compile one block as a file of its own in the unnamed package.
	 * @return the compiler's errors, empty if it compiled
	 */
	private String compile(String name, String source) throws IOException {
		Path directory = Files.createDirectories(this.classes.resolve(name));
		Path file = Files.writeString(directory.resolve(name + ".java"), source, StandardCharsets.UTF_8);
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		Writer errors = new StringWriter();
		try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
			Iterable<? extends JavaFileObject> units = files.getJavaFileObjects(file);
			List<String> options = List.of("-proc:none", "-Xlint:none", "-classpath",
					System.getProperty("java.class.path"), "-d", directory.toString());
			boolean compiled = compiler.getTask(errors, files, null, options, null, units).call();
			return compiled ? "" : errors.toString();
		}
	}

}

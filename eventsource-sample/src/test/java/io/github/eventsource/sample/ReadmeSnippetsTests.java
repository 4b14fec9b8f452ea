package io.github.eventsource.sample;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compiles every {@code ```java} block of the project's README as shown, imports
 * included, against this module's test classpath: the starter, the test starter, Spring
 * Security and the rest of what an application of the README has.
 */
class ReadmeSnippetsTests {

	private static final Path README = Path.of("..", "README.md");

	/**
	 * A fenced block, possibly indented under a list item: the fence's indentation is
	 * taken off every line of the block.
	 */
	private static final Pattern JAVA_BLOCK = Pattern.compile("^([ \\t]*)```java\\n(.*?)^\\1```$",
			Pattern.MULTILINE | Pattern.DOTALL);

	@TempDir
	Path classes;

	@Test
	void everyJavaBlockCompilesAsShown() throws IOException {
		List<String> blocks = javaBlocks(Files.readString(README, StandardCharsets.UTF_8));
		assertThat(blocks).hasSizeGreaterThanOrEqualTo(6);
		for (int i = 0; i < blocks.size(); i++) {
			String block = blocks.get(i);
			assertThat(compile("Snippet" + (i + 1), block)).as("README Java block %d:%n%s", i + 1, block).isEmpty();
		}
	}

	private static List<String> javaBlocks(String readme) {
		List<String> blocks = new ArrayList<>();
		Matcher matcher = JAVA_BLOCK.matcher(readme);
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

package io.github.eventsource.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.jayway.jsonpath.JsonPath;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the property table of {@code docs/properties.md} against the configuration
 * metadata that the annotation processor generates from {@code EventSourceProperties} and
 * {@code DurableStreamsProperties}: the code is the truth. The metadata is read from
 * {@code eventsource-spring-boot-autoconfigure/target/classes} when the reactor built it,
 * otherwise from the autoconfigure jar on the classpath.
 * <p>
 * The rule for the "default" column:
 * <ul>
 * <li>where the metadata has a {@code defaultValue}, the cell is that value as one code
 * span, compared as the type reads it: durations and data sizes by their value
 * ({@code 60s} equals {@code 1m}), enums as Spring binds them ({@code drop-oldest} equals
 * {@code DROP_OLDEST}), everything else as text;</li>
 * <li>where the metadata has none, the cell says in words what applies when the property
 * is not set ({@code none}, {@code unlimited}, or the default its Javadoc computes, such as
 * "a quarter of {@code max-connections}"), and is never a lone code span, which would read
 * as a default the metadata does not have.</li>
 * </ul>
 * The README's short table repeats rows of the full table, unchanged.
 */
class DocumentedPropertiesTests {

	private static final Path ROOT = Path.of("..");

	private static final Path METADATA = ROOT
		.resolve("eventsource-spring-boot-autoconfigure/target/classes/META-INF/spring-configuration-metadata.json");

	@Test
	void documentsEveryPropertyOfTheMetadataAndNoOther() throws IOException {
		Map<String, Map<String, Object>> metadata = metadata();
		Map<String, Row> documented = table("docs/properties.md");
		assertThat(metadata).as("properties of the metadata").hasSizeGreaterThanOrEqualTo(60);
		assertThat(documented.keySet()).as("properties documented in docs/properties.md, against the metadata")
			.containsExactlyInAnyOrderElementsOf(metadata.keySet());
	}

	@Test
	void documentsTheDefaultOfTheMetadata() throws IOException {
		Map<String, Map<String, Object>> metadata = metadata();
		SoftAssertions softly = new SoftAssertions();
		table("docs/properties.md").forEach((name, row) -> {
			Map<String, Object> property = metadata.get(name);
			if (property == null) {
				return;
			}
			Object defaultValue = property.get("defaultValue");
			if (defaultValue == null) {
				softly.assertThat(row.isLoneCodeSpan())
					.as("%s has no default in the metadata, but docs/properties.md gives the value %s", name,
							row.defaultCell())
					.isFalse();
				softly.assertThat(row.defaultCell()).as("default of %s", name).isNotBlank();
			}
			else {
				softly.assertThat(row.isLoneCodeSpan())
					.as("default of %s: the metadata's %s as one code span, not %s", name, defaultValue,
							row.defaultCell())
					.isTrue();
				String type = Objects.toString(property.get("type"), "");
				softly.assertThat(normalise(type, row.literal()))
					.as("default of %s in docs/properties.md: %s, in the metadata: %s", name, row.defaultCell(),
							defaultValue)
					.isEqualTo(normalise(type, String.valueOf(defaultValue)));
			}
		});
		softly.assertAll();
	}

	@Test
	void readmeRepeatsRowsOfTheFullTable() throws IOException {
		Map<String, Row> full = table("docs/properties.md");
		Map<String, Row> readme = table("README.md");
		assertThat(readme).as("rows of the README's table").hasSizeBetween(8, 12);
		readme.forEach((name, row) -> assertThat(row.line()).as("README's row of %s", name)
			.isEqualTo((full.get(name) != null) ? full.get(name).line() : "no row in docs/properties.md"));
	}

	/**
	 * The properties of the metadata by name, each with its attributes.
	 */
	private static Map<String, Map<String, Object>> metadata() throws IOException {
		String json = readMetadata();
		List<Map<String, Object>> properties = JsonPath.read(json, "$.properties[*]");
		Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
		properties.forEach((property) -> byName.put((String) property.get("name"), property));
		return byName;
	}

	private static String readMetadata() throws IOException {
		if (Files.isRegularFile(METADATA)) {
			return Files.readString(METADATA, StandardCharsets.UTF_8);
		}
		for (URL url : Collections.list(DocumentedPropertiesTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			if (url.toString().contains("eventsource-spring-boot-autoconfigure")) {
				try (InputStream in = url.openStream()) {
					return new String(in.readAllBytes(), StandardCharsets.UTF_8);
				}
			}
		}
		throw new IllegalStateException("No configuration metadata at " + METADATA.toAbsolutePath().normalize()
				+ " nor in an eventsource-spring-boot-autoconfigure jar on the classpath");
	}

	/**
	 * The rows of the table headed {@code | property | default | ...} of a page, by
	 * property name.
	 */
	private static Map<String, Row> table(String page) throws IOException {
		Map<String, Row> rows = new LinkedHashMap<>();
		boolean inTable = false;
		for (String line : Files.readAllLines(ROOT.resolve(page), StandardCharsets.UTF_8)) {
			if (line.startsWith("| property | default |")) {
				inTable = true;
				continue;
			}
			if (inTable && !line.startsWith("|")) {
				inTable = false;
			}
			if (inTable && !line.startsWith("| ---")) {
				List<String> cells = cells(line);
				String name = cells.get(0).replace("`", "").strip();
				assertThat(rows.put(name, new Row(line, cells.get(1)))).as("%s: a second row of %s", page, name).isNull();
			}
		}
		assertThat(rows).as("rows of the property table of %s", page).isNotEmpty();
		return rows;
	}

	/**
	 * The cells of a table row; {@code \|} is a {@code |} within a cell.
	 */
	private static List<String> cells(String line) {
		List<String> cells = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		String inner = line.strip().substring(1);
		for (int i = 0; i < inner.length(); i++) {
			char c = inner.charAt(i);
			if (c == '\\' && i + 1 < inner.length() && inner.charAt(i + 1) == '|') {
				cell.append('|');
				i++;
			}
			else if (c == '|') {
				cells.add(cell.toString().strip());
				cell.setLength(0);
			}
			else {
				cell.append(c);
			}
		}
		return cells;
	}

	private static String normalise(String type, String value) {
		String trimmed = value.strip();
		if (type.equals("java.time.Duration")) {
			return DurationStyle.detectAndParse(trimmed).toString();
		}
		if (type.equals("org.springframework.util.unit.DataSize")) {
			return DataSize.parse(trimmed).toString();
		}
		if (type.equals("java.lang.Boolean")) {
			return trimmed.toLowerCase(Locale.ROOT);
		}
		if (type.startsWith("io.github.eventsource.") || type.startsWith("org.springframework.boot.actuate.")) {
			return trimmed.toLowerCase(Locale.ROOT).replace('_', '-');
		}
		return trimmed;
	}

	/**
	 * A row of a property table.
	 *
	 * @param line the row as written
	 * @param defaultCell its "default" cell
	 */
	private record Row(String line, String defaultCell) {

		boolean isLoneCodeSpan() {
			return this.defaultCell.matches("`[^`]+`");
		}

		String literal() {
			return this.defaultCell.replace("`", "").replace("\"", "").replace("'", "");
		}

	}

}

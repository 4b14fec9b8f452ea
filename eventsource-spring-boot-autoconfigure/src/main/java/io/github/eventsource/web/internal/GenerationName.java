package io.github.eventsource.web.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * What makes a generation of a resumable endpoint: its owner (the principal that started
 * it, or nobody for an anonymous or a shared one), the request's query parameters but
 * the last event id, sorted, and the concrete path. Two requests attach to the same
 * generation only if their names are equal; each part is length-prefixed or encoded, so
 * that no path or parameter can spell another name.
 */
final class GenerationName {

	private GenerationName() {
	}

	/**
	 * Return the name of the generation a request attaches to.
	 * @param path the concrete path, decoded
	 * @param parameters the request's query parameters
	 * @param lastEventIdParameter the parameter that carries the last event id, left out
	 * @param owner the principal name that owns the generation, or {@code null} for an
	 * anonymous or shared one
	 * @return the name
	 */
	static String of(String path, Map<String, String[]> parameters, String lastEventIdParameter,
			@Nullable String owner) {
		StringJoiner query = new StringJoiner("&");
		new TreeMap<>(parameters).forEach((name, values) -> {
			if (!name.equals(lastEventIdParameter)) {
				for (String value : values) {
					query.add(encode(name) + "=" + encode(value));
				}
			}
		});
		String ownerPart = (owner != null) ? "user " + owner.length() + ":" + owner : "anyone";
		return ownerPart + " " + query.length() + ":" + query + " " + path;
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}

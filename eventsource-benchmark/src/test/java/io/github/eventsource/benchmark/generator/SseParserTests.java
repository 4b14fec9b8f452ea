package io.github.eventsource.benchmark.generator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SseParser}.
 */
class SseParserTests {

	private final List<String> received = new ArrayList<>();

	private final SseParser parser = new SseParser(new SseParser.Listener() {

		@Override
		public void comment() {
			SseParserTests.this.received.add("comment");
		}

		@Override
		public void event(@Nullable String lastEventId, String data) {
			SseParserTests.this.received.add(lastEventId + "=" + data);
		}

	});

	@Test
	void endsLinesWithCrLfOrCrLf() {
		parse("id: 1\r\ndata: a\rdata:b\n\r\nid:2\ndata: c\n\n");
		assertThat(this.received).containsExactly("1=a\nb", "2=c");
	}

	@Test
	void joinsLinesAndCrLfSplitAcrossReads() {
		parse("id: 7\r");
		parse("\ndata: x\r");
		parse("\n\r");
		parse("\n");
		assertThat(this.received).containsExactly("7=x");
	}

	@Test
	void reportsCommentsAndIgnoresEventsWithoutData() {
		parse(":\n\nid: 3\n\nretry: 10\n\n");
		assertThat(this.received).containsExactly("comment");
	}

	@Test
	void keepsTheLastEventIdAcrossEvents() {
		parse("id: 5\ndata: a\n\ndata: b\n\n");
		assertThat(this.received).containsExactly("5=a", "5=b");
	}

	private void parse(String text) {
		this.parser.parse(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
	}

}

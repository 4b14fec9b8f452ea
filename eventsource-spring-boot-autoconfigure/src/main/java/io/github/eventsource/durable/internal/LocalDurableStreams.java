package io.github.eventsource.durable.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.github.eventsource.core.internal.EventEncoder;
import io.github.eventsource.durable.DurableStreamException;
import io.github.eventsource.durable.DurableStreamRead;
import io.github.eventsource.durable.DurableStreams;
import org.jspecify.annotations.Nullable;

/**
 * The {@link DurableStreams} of the application, on the {@link StreamStorage} the protocol
 * serves (this instance's memory, or Redis in cluster mode): the same streams, bounds and
 * checks as over HTTP.
 */
public final class LocalDurableStreams implements DurableStreams {

	private final StreamStorage store;

	private final EventEncoder encoder;

	/**
	 * Create the API over a store.
	 * @param store the streams
	 * @param encoder writes messages as JSON with the application's converters
	 */
	public LocalDurableStreams(StreamStorage store, EventEncoder encoder) {
		this.store = store;
		this.encoder = encoder;
	}

	@Override
	public boolean create(String stream, String contentType, @Nullable Duration ttl) {
		StreamConfig config = new StreamConfig(contentType, (ttl != null) ? ttl.toSeconds() : null, null);
		return this.store.create(stream, config, List.of(), false).created();
	}

	@Override
	public String append(String stream, byte[] data) {
		if (data.length == 0) {
			throw new DurableStreamException(400, "Empty append");
		}
		StoredStream log = this.store.use(stream);
		List<byte[]> units = log.config().json() ? JsonMessages.split(data) : List.of(data);
		if (units.isEmpty()) {
			throw new DurableStreamException(400, "Empty JSON array");
		}
		return Offsets.format(log.append(units, false, null, null).tail());
	}

	@Override
	public String appendText(String stream, String text) {
		return append(stream, text.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public String appendJson(String stream, Object message) {
		StoredStream log = this.store.use(stream);
		if (!log.config().json()) {
			throw new DurableStreamException(409, "The stream is not in JSON mode");
		}
		byte[] json = this.encoder.json(message);
		return Offsets.format(log.append(List.of(json), false, null, null).tail());
	}

	@Override
	public String close(String stream) {
		return Offsets.format(this.store.use(stream).append(List.of(), true, null, null).tail());
	}

	@Override
	public boolean delete(String stream) {
		return this.store.delete(stream);
	}

	@Override
	public DurableStreamRead read(String stream, String offset) {
		long position = Offsets.parse(offset);
		Slice slice = this.store.use(stream).read(position, this.store.settings().maxReadBytes());
		return new DurableStreamRead(slice.body(), Offsets.format(slice.next()), slice.upToDate(), slice.closed());
	}

}

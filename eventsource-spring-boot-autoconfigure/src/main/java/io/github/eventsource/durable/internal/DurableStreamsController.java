package io.github.eventsource.durable.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

import io.github.eventsource.durable.DurableStreamAccess;
import io.github.eventsource.durable.DurableStreamException;
import io.github.eventsource.durable.DurableStreamOperation;
import io.github.eventsource.durable.internal.Producers.Producer;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.util.UrlPathHelper;

/**
 * The HTTP side of the protocol, a Spring MVC controller under the configured base
 * path: {@code PUT} creates, {@code POST} appends or closes, {@code DELETE} deletes,
 * {@code HEAD} returns metadata, {@code GET} reads (catch-up, long-poll or SSE). Every
 * request passes the {@link DurableStreamAccess} first; refusals of the protocol are
 * answered with its status and headers.
 */
@Controller
@RequestMapping("${eventsource.durable-streams.path}/**")
public final class DurableStreamsController {

	/**
	 * The response headers of the protocol, that browsers of other origins may read.
	 */
	public static final List<String> EXPOSED_HEADERS = List.of("Stream-Next-Offset", "Stream-Up-To-Date",
			"Stream-Cursor", "Stream-Closed", "Stream-TTL", "Stream-Expires-At", "Stream-SSE-Data-Encoding", "ETag",
			"Location", "Producer-Epoch", "Producer-Seq", "Producer-Expected-Seq", "Producer-Received-Seq");

	private static final Pattern COUNT = Pattern.compile("0|[1-9][0-9]{0,11}");

	private static final String PUBLIC_CACHE = "public, max-age=60, stale-while-revalidate=300";

	private final StreamStorage store;

	private final DurableStreamAccess access;

	private final String basePath;

	private final Live live;

	private final Cursors cursors;

	/**
	 * Create the controller.
	 * @param store the streams
	 * @param access who may do what
	 * @param basePath the path the streams are served under
	 * @param live the settings of live reads
	 * @param clock the clock of expiries and cursors
	 */
	public DurableStreamsController(StreamStorage store, DurableStreamAccess access, String basePath, Live live,
			Clock clock) {
		this.store = store;
		this.access = access;
		this.basePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
		this.live = live;
		this.cursors = new Cursors(clock);
	}

	@RequestMapping(method = RequestMethod.PUT)
	ResponseEntity<byte[]> create(HttpServletRequest request) throws IOException {
		String name = authorize(DurableStreamOperation.CREATE, request);
		String contentType = request.getContentType();
		if (contentType != null && contentType.isBlank()) {
			contentType = null;
		}
		Long ttl = ttl(request);
		Instant expiresAt = expiresAt(request);
		boolean close = "true".equalsIgnoreCase(request.getHeader(StreamHeaders.CLOSED));
		byte[] body = body(request);
		String source = request.getHeader("Stream-Forked-From");
		String subOffset = request.getHeader("Stream-Fork-Sub-Offset");
		StreamStorage.Created created;
		if (source != null) {
			String forkOffset = request.getHeader("Stream-Fork-Offset");
			long sub = (subOffset != null) ? count(subOffset, "Stream-Fork-Sub-Offset") : 0;
			if (sub > 0 && forkOffset == null) {
				throw new DurableStreamException(400, "Stream-Fork-Sub-Offset needs Stream-Fork-Offset");
			}
			Long offset = (forkOffset != null) ? Offsets.parse(forkOffset) : null;
			if (offset != null && offset == Offsets.NOW) {
				offset = null;
			}
			String sourceName = name(source);
			StoredStream sourceLog = this.store.get(sourceName);
			StreamConfig forkConfig = (sourceLog != null) ? sourceLog.config()
					: new StreamConfig((contentType != null) ? contentType : "application/octet-stream", null, null);
			List<byte[]> units = units(forkConfig, body, true);
			created = this.store.fork(name, new StreamStorage.RequestedConfig(contentType, ttl, expiresAt), sourceName,
					offset, sub, units, close);
		}
		else {
			if (subOffset != null) {
				throw new DurableStreamException(400, "Stream-Fork-Sub-Offset needs Stream-Forked-From");
			}
			StreamConfig config = new StreamConfig((contentType != null) ? contentType : "application/octet-stream",
					ttl, expiresAt);
			created = this.store.create(name, config, units(config, body, true), close);
		}
		StoredStream.Metadata metadata = created.stream().metadata();
		HttpHeaders headers = StreamHeaders.secure();
		headers.set(HttpHeaders.CONTENT_TYPE, created.stream().config().contentType());
		headers.set(StreamHeaders.NEXT_OFFSET, Offsets.format(metadata.tail()));
		if (metadata.closed()) {
			headers.set(StreamHeaders.CLOSED, "true");
		}
		if (!created.created()) {
			return ResponseEntity.ok().headers(headers).build();
		}
		headers.set(HttpHeaders.LOCATION, request.getRequestURL().toString());
		return ResponseEntity.status(201).headers(headers).build();
	}

	@RequestMapping(method = RequestMethod.POST)
	ResponseEntity<byte[]> append(HttpServletRequest request) throws IOException {
		String name = authorize(DurableStreamOperation.APPEND, request);
		StoredStream log = this.store.use(name);
		boolean close = "true".equalsIgnoreCase(request.getHeader(StreamHeaders.CLOSED));
		Producer producer = Producer.of(request.getHeader("Producer-Id"), request.getHeader("Producer-Epoch"),
				request.getHeader("Producer-Seq"));
		byte[] body = body(request);
		if (body.length == 0 && !close) {
			throw new DurableStreamException(400, "Empty append");
		}
		List<byte[]> units = List.of();
		if (body.length > 0) {
			String contentType = request.getContentType();
			if (contentType == null || contentType.isBlank()) {
				throw new DurableStreamException(400, "Content-Type is required");
			}
			if (!log.config().matches(contentType)) {
				throw new DurableStreamException(409, "Content-Type does not match the stream's");
			}
			units = units(log.config(), body, false);
		}
		StoredStream.Appended appended = log.append(units, close, request.getHeader("Stream-Seq"), producer);
		HttpHeaders headers = StreamHeaders.secure();
		headers.set(StreamHeaders.NEXT_OFFSET, Offsets.format(appended.tail()));
		if (appended.closed()) {
			headers.set(StreamHeaders.CLOSED, "true");
		}
		if (producer != null) {
			StoredStream.producerHeaders(producer, appended).forEach(headers::set);
			boolean added = !appended.duplicate() && !units.isEmpty();
			return ResponseEntity.status(added ? 200 : 204).headers(headers).build();
		}
		return ResponseEntity.noContent().headers(headers).build();
	}

	@RequestMapping(method = RequestMethod.DELETE)
	ResponseEntity<byte[]> delete(HttpServletRequest request) {
		String name = authorize(DurableStreamOperation.DELETE, request);
		if (!this.store.delete(name)) {
			throw new DurableStreamException(404, "No such stream");
		}
		return ResponseEntity.noContent().headers(StreamHeaders.secure()).build();
	}

	@RequestMapping(method = RequestMethod.HEAD)
	ResponseEntity<byte[]> head(HttpServletRequest request) {
		String name = authorize(DurableStreamOperation.READ, request);
		StoredStream log = this.store.get(name);
		if (log == null) {
			throw new DurableStreamException(404, "No such stream");
		}
		StoredStream.Metadata metadata = log.metadata();
		HttpHeaders headers = StreamHeaders.secure();
		headers.set(HttpHeaders.CONTENT_TYPE, log.config().contentType());
		headers.set(StreamHeaders.NEXT_OFFSET, Offsets.format(metadata.tail()));
		headers.setCacheControl("no-store");
		if (metadata.closed()) {
			headers.set(StreamHeaders.CLOSED, "true");
		}
		if (log.config().ttlSeconds() != null) {
			headers.set("Stream-TTL", Long.toString(log.config().ttlSeconds()));
		}
		if (log.config().expiresAt() != null) {
			headers.set("Stream-Expires-At", log.config().expiresAt().toString());
		}
		return ResponseEntity.ok().headers(headers).build();
	}

	@RequestMapping(method = RequestMethod.GET)
	@Nullable Object read(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String name = authorize(DurableStreamOperation.READ, request);
		String mode = request.getParameter("live");
		String offset = request.getParameter("offset");
		if (mode != null && !mode.equals("long-poll") && !mode.equals("sse")) {
			throw new DurableStreamException(400, "Unknown live mode '" + mode + "'");
		}
		if (mode != null && offset == null) {
			throw new DurableStreamException(400, "Live reads need an offset");
		}
		if (request.getParameterValues("offset") != null && request.getParameterValues("offset").length > 1) {
			throw new DurableStreamException(400, "More than one offset");
		}
		long position = Offsets.parse((offset != null) ? offset : "-1");
		StoredStream log = this.store.use(name);
		if (position == Offsets.NOW) {
			position = log.metadata().tail();
			if (mode == null) {
				Slice slice = log.read(position, 0);
				HttpHeaders headers = readHeaders(log, slice);
				headers.setCacheControl("no-store");
				return ResponseEntity.ok().headers(headers).body(slice.body());
			}
		}
		String cursor = request.getParameter("cursor");
		if ("sse".equals(mode)) {
			// refused with its status before the response commits: an offset past the end is 400
			log.read(position, 0);
			sse(request, response, log, position, cursor);
			return null;
		}
		long maxRead = this.store.settings().maxReadBytes();
		if ("long-poll".equals(mode)) {
			long from = position;
			return new LongPoll(log, from, maxRead, this.live.longPollTimeoutMillis(),
					(slice) -> slice.isEmpty() ? timedOut(log, from, cursor) : catchUp(log, slice, cursor, null),
					() -> timedOut(log, from, cursor)).start();
		}
		return catchUp(log, log.read(position, maxRead), null, request.getHeader(HttpHeaders.IF_NONE_MATCH));
	}

	private ResponseEntity<byte[]> catchUp(StoredStream log, Slice slice, @Nullable String cursor,
			@Nullable String ifNoneMatch) {
		HttpHeaders headers = readHeaders(log, slice);
		String etag = slice.etag();
		headers.set(HttpHeaders.ETAG, etag);
		headers.setCacheControl(PUBLIC_CACHE);
		if (cursor != null || ifNoneMatch == null) {
			headers.set(StreamHeaders.CURSOR, this.cursors.next(cursor));
		}
		if (etag.equals(ifNoneMatch)) {
			return ResponseEntity.status(304).headers(headers).build();
		}
		return ResponseEntity.ok().headers(headers).body(slice.body());
	}

	private ResponseEntity<byte[]> timedOut(StoredStream log, long position, @Nullable String cursor) {
		HttpHeaders headers = StreamHeaders.secure();
		StoredStream.Metadata metadata = log.metadata();
		headers.set(StreamHeaders.NEXT_OFFSET, Offsets.format(Math.max(position, metadata.tail())));
		headers.set(StreamHeaders.UP_TO_DATE, "true");
		if (metadata.closed()) {
			headers.set(StreamHeaders.CLOSED, "true");
		}
		else {
			headers.set(StreamHeaders.CURSOR, this.cursors.next(cursor));
		}
		headers.setCacheControl("no-store");
		return ResponseEntity.noContent().headers(headers).build();
	}

	private HttpHeaders readHeaders(StoredStream log, Slice slice) {
		HttpHeaders headers = StreamHeaders.secure();
		headers.set(HttpHeaders.CONTENT_TYPE, log.config().contentType());
		StreamHeaders.read(headers, slice);
		return headers;
	}

	private void sse(HttpServletRequest request, HttpServletResponse response, StoredStream log, long position,
			@Nullable String cursor) throws IOException {
		response.setStatus(200);
		response.setContentType("text/event-stream");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
		response.setHeader("X-Accel-Buffering", "no");
		// stops the container's and proxies' response compression, which would buffer events
		response.setHeader("Content-Encoding", "identity");
		if (!log.config().text()) {
			response.setHeader("Stream-SSE-Data-Encoding", "base64");
		}
		AsyncContext async = request.startAsync(request, response);
		new SseReader(log, position, this.store.settings().maxReadBytes(), this.cursors, cursor).start(async,
				response, this.live.sseMaxMillis());
	}

	@ExceptionHandler(DurableStreamException.class)
	ResponseEntity<byte[]> refused(DurableStreamException ex) {
		return StreamHeaders.refusal(ex.getStatus(), ex.getMessage(), ex.getHeaders());
	}

	private String authorize(DurableStreamOperation operation, HttpServletRequest request) {
		String name = name(request);
		if (!this.access.allows(operation, name, request)) {
			boolean anonymous = request.getUserPrincipal() == null;
			throw new DurableStreamException(anonymous ? 401 : 403,
					anonymous ? "Authentication required" : "Forbidden");
		}
		return name;
	}

	private String name(HttpServletRequest request) {
		return name(UrlPathHelper.defaultInstance.getPathWithinApplication(request));
	}

	private String name(String path) {
		String name = path.startsWith(this.basePath) ? path.substring(this.basePath.length()) : path;
		while (name.startsWith("/")) {
			name = name.substring(1);
		}
		if (name.isEmpty()) {
			throw new DurableStreamException(404, "No stream named");
		}
		return name;
	}

	private byte[] body(HttpServletRequest request) throws IOException {
		long max = this.live.maxAppendBytes();
		if (request.getContentLengthLong() > max) {
			throw new DurableStreamException(413, "The body exceeds " + max + " bytes");
		}
		try (InputStream input = request.getInputStream()) {
			byte[] body = input.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
			if (body.length > max) {
				throw new DurableStreamException(413, "The body exceeds " + max + " bytes");
			}
			return body;
		}
	}

	private static List<byte[]> units(StreamConfig config, byte[] body, boolean create) {
		if (!config.json()) {
			return (body.length > 0) ? List.of(body) : List.of();
		}
		if (body.length == 0) {
			if (create) {
				return List.of();
			}
			throw new DurableStreamException(400, "Empty append");
		}
		List<byte[]> messages = JsonMessages.split(body);
		if (messages.isEmpty() && !create) {
			throw new DurableStreamException(400, "Empty JSON array");
		}
		return messages;
	}

	/**
	 * Parse a header that holds a count: decimal digits, without a sign or leading zeros.
	 */
	private static long count(String value, String header) {
		if (!COUNT.matcher(value).matches()) {
			throw new DurableStreamException(400, "Malformed " + header);
		}
		return Long.parseLong(value);
	}

	private static @Nullable Long ttl(HttpServletRequest request) {
		String ttl = request.getHeader("Stream-TTL");
		if (ttl == null) {
			return null;
		}
		if (request.getHeader("Stream-Expires-At") != null) {
			throw new DurableStreamException(400, "Stream-TTL and Stream-Expires-At exclude each other");
		}
		return count(ttl, "Stream-TTL");
	}

	private static @Nullable Instant expiresAt(HttpServletRequest request) {
		String expiresAt = request.getHeader("Stream-Expires-At");
		if (expiresAt == null) {
			return null;
		}
		try {
			return OffsetDateTime.parse(expiresAt).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new DurableStreamException(400, "Malformed Stream-Expires-At");
		}
	}

	/**
	 * The settings of live reads and appends; the defaults are those of the
	 * {@code eventsource.durable-streams.*} properties.
	 */
	public static final class Live {

		/**
		 * How long a long-poll waits for data, in milliseconds.
		 */
		private long longPollTimeoutMillis = 20_000;

		/**
		 * How long an SSE response lasts before the client reconnects, in milliseconds.
		 */
		private long sseMaxMillis = 60_000;

		/**
		 * The largest body of a create or an append.
		 */
		private long maxAppendBytes = 16 * 1024 * 1024;

		public long longPollTimeoutMillis() {
			return this.longPollTimeoutMillis;
		}

		public void setLongPollTimeoutMillis(long longPollTimeoutMillis) {
			this.longPollTimeoutMillis = longPollTimeoutMillis;
		}

		public long sseMaxMillis() {
			return this.sseMaxMillis;
		}

		public void setSseMaxMillis(long sseMaxMillis) {
			this.sseMaxMillis = sseMaxMillis;
		}

		public long maxAppendBytes() {
			return this.maxAppendBytes;
		}

		public void setMaxAppendBytes(long maxAppendBytes) {
			this.maxAppendBytes = maxAppendBytes;
		}

	}

}

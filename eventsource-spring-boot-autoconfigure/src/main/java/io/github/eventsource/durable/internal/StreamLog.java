package io.github.eventsource.durable.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import io.github.eventsource.durable.DurableStreamException;
import io.github.eventsource.durable.internal.Producers.Producer;
import org.jspecify.annotations.Nullable;

/**
 * One durable stream: its bytes, kept as the units they were appended in (a JSON
 * stream's messages), at byte positions of one timeline; whether it is closed; its
 * writers' sequence numbers and producers; and the readers that follow it, told after
 * every change, outside the lock. A fork starts with a copy of its source's units up to
 * the fork's offset (the arrays shared, never modified), at the same positions; a
 * stream that forks refer to is only soft-deleted until the last of them is gone.
 * <p>
 * Thread-safe; a lock of its own guards every change and read, never I/O.
 */
final class StreamLog implements StoredStream {

	private final String name;

	private final long id;

	private final StreamConfig config;

	private final @Nullable Fork fork;

	private final Bounds bounds;

	private final ReentrantLock lock = new ReentrantLock();

	private final List<byte[]> units = new ArrayList<>();

	private long[] starts = new long[8];

	private final BitSet batchEnds = new BitSet();

	private int forks;

	private boolean softDeleted;

	private long tail;

	private boolean closed;

	private boolean deleted;

	private @Nullable String lastSeq;

	private final Producers producers = new Producers();

	private final Set<Follower> followers = ConcurrentHashMap.newKeySet();

	private volatile long lastAccessMillis;

	StreamLog(String name, long id, StreamConfig config, @Nullable Fork fork, Bounds bounds, long nowMillis) {
		this.name = name;
		this.id = id;
		this.config = config;
		this.fork = fork;
		this.bounds = bounds;
		this.lastAccessMillis = nowMillis;
	}

	@Override
	public String name() {
		return this.name;
	}

	long id() {
		return this.id;
	}

	@Override
	public StreamConfig config() {
		return this.config;
	}

	@Nullable Fork fork() {
		return this.fork;
	}

	/**
	 * Renew the stream's time to live: a read or a write used it.
	 * @param nowMillis the current time
	 */
	void touch(long nowMillis) {
		this.lastAccessMillis = nowMillis;
	}

	/**
	 * Return when the stream expires.
	 * @return the time in epoch milliseconds, {@link Long#MAX_VALUE} if never
	 */
	long expiresAtMillis() {
		long expiry = Long.MAX_VALUE;
		if (this.config.ttlSeconds() != null) {
			expiry = this.lastAccessMillis + this.config.ttlSeconds() * 1000;
		}
		if (this.config.expiresAt() != null) {
			expiry = Math.min(expiry, this.config.expiresAt().toEpochMilli());
		}
		return expiry;
	}

	@Override
	public Appended append(List<byte[]> appended, boolean close, @Nullable String seq, @Nullable Producer producer) {
		Appended result;
		this.lock.lock();
		try {
			result = appendLocked(appended, close, seq, producer);
		}
		finally {
			this.lock.unlock();
		}
		if (!result.duplicate()) {
			advanced();
		}
		return result;
	}

	private Appended appendLocked(List<byte[]> appended, boolean close, @Nullable String seq,
			@Nullable Producer producer) {
		if (this.deleted) {
			throw new DurableStreamException(404, "No such stream");
		}
		if (this.softDeleted) {
			throw StoredStream.gone();
		}
		if (producer != null && this.producers.isDuplicate(producer)) {
			return new Appended(this.tail, true, this.closed, this.producers.lastSeq(producer));
		}
		if (this.closed) {
			if (appended.isEmpty() && close) {
				return new Appended(this.tail, producer != null, true, (producer != null) ? producer.seq() : -1);
			}
			throw StoredStream.closed(this.tail);
		}
		if (seq != null) {
			if (this.lastSeq != null && seq.compareTo(this.lastSeq) <= 0) {
				throw new DurableStreamException(409, "Stream-Seq must increase");
			}
		}
		long bytes = 0;
		for (byte[] unit : appended) {
			bytes += unit.length;
		}
		if (this.tail + bytes > this.bounds.maxStreamBytes()) {
			throw new DurableStreamException(413, "The stream would exceed its bound of "
					+ this.bounds.maxStreamBytes() + " bytes");
		}
		if (!this.bounds.budget().reserve(bytes)) {
			throw new DurableStreamException(413, "The server holds as many bytes as it may");
		}
		for (byte[] unit : appended) {
			if (this.units.size() == this.starts.length) {
				this.starts = Arrays.copyOf(this.starts, this.starts.length * 2);
			}
			this.starts[this.units.size()] = this.tail;
			this.units.add(unit);
			this.tail += unit.length;
		}
		if (!appended.isEmpty()) {
			this.batchEnds.set(this.units.size() - 1);
		}
		if (seq != null) {
			this.lastSeq = seq;
		}
		if (producer != null) {
			this.producers.appended(producer);
		}
		this.closed |= close;
		return new Appended(this.tail, false, this.closed, (producer != null) ? producer.seq() : -1);
	}

	@Override
	public Slice read(long from, long maxBytes) {
		this.lock.lock();
		try {
			if (this.deleted) {
				throw new DurableStreamException(404, "No such stream");
			}
			if (this.softDeleted) {
				throw StoredStream.gone();
			}
			long start = (from == Offsets.NOW) ? this.tail : from;
			if (start > this.tail) {
				throw new DurableStreamException(400, "Offset past the end of the stream");
			}
			List<byte[]> parts = new ArrayList<>();
			long position = start;
			if (from != Offsets.NOW) {
				int index = unitAt(start);
				long taken = 0;
				while (index < this.units.size() && (parts.isEmpty() || taken + this.units.get(index).length <= maxBytes)) {
					byte[] unit = this.units.get(index);
					int skip = (int) Math.max(0, position - this.starts[index]);
					if (skip > 0 && this.config.json()) {
						skip = 0;
					}
					byte[] part = (skip == 0) ? unit : Arrays.copyOfRange(unit, skip, unit.length);
					parts.add(part);
					taken += part.length;
					position = this.starts[index] + unit.length;
					index++;
				}
			}
			boolean upToDate = position == this.tail;
			return new Slice(this.config, this.id, start, parts, position, upToDate, upToDate && this.closed);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the units a fork starts with: those before an offset, and a part of the
	 * append at the offset.
	 * @param offset the fork's offset
	 * @param subOffset how much of the append at the offset the fork takes: bytes, or
	 * the messages of a JSON stream
	 * @return the units, and which of them end an append
	 * @throws DurableStreamException with {@code 400} for an offset past the tail or a
	 * sub-offset past the append
	 */
	Prefix prefix(long offset, long subOffset) {
		this.lock.lock();
		try {
			if (offset > this.tail) {
				throw new DurableStreamException(400, "Fork offset past the end of the stream");
			}
			int index = unitAt(offset);
			List<byte[]> prefix = new ArrayList<>(this.units.subList(0, index));
			BitSet ends = this.batchEnds.get(0, index);
			if (index < this.units.size() && this.starts[index] < offset) {
				prefix.add(Arrays.copyOf(this.units.get(index), (int) (offset - this.starts[index])));
				ends.set(index);
				if (subOffset > 0) {
					throw new DurableStreamException(400, "Fork sub-offset inside an append");
				}
			}
			else if (subOffset > 0) {
				if (index >= this.units.size()) {
					throw new DurableStreamException(400, "Fork sub-offset past the end of the stream");
				}
				if (this.config.json()) {
					int batchEnd = this.batchEnds.nextSetBit(index);
					if (index + subOffset - 1 > batchEnd) {
						throw new DurableStreamException(400, "Fork sub-offset past the messages of the append");
					}
					prefix.addAll(this.units.subList(index, index + (int) subOffset));
				}
				else {
					byte[] unit = this.units.get(index);
					if (subOffset > unit.length) {
						throw new DurableStreamException(400, "Fork sub-offset past the bytes of the append");
					}
					prefix.add(Arrays.copyOf(unit, (int) subOffset));
				}
				ends.set(prefix.size() - 1);
			}
			return new Prefix(prefix, ends);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Take the units of a fork's {@link #prefix(long, long) prefix}, before anything
	 * else is appended.
	 * @param prefix the prefix
	 * @throws DurableStreamException with {@code 413} past a bound
	 */
	void inherit(Prefix prefix) {
		this.lock.lock();
		try {
			List<byte[]> inherited = prefix.units();
			for (int i = 0; i < inherited.size(); i++) {
				appendLocked(List.of(inherited.get(i)), false, null, null);
				if (!prefix.ends().get(i)) {
					this.batchEnds.clear(this.units.size() - 1);
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Count a fork of this stream, unless it is deleted.
	 * @return whether it was counted
	 */
	boolean addFork() {
		this.lock.lock();
		try {
			if (this.deleted || this.softDeleted) {
				return false;
			}
			this.forks++;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A fork of this stream is gone.
	 * @return whether this stream is soft-deleted and no fork is left: remove it
	 */
	boolean removeFork() {
		this.lock.lock();
		try {
			this.forks--;
			return this.softDeleted && this.forks <= 0;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Soft-delete the stream if forks refer to it: it answers {@code 410} from now on.
	 * @return whether it was soft-deleted; if not, remove it
	 * @throws DurableStreamException with {@code 410} if it is soft-deleted already
	 */
	boolean softDelete() {
		this.lock.lock();
		try {
			if (this.softDeleted) {
				throw StoredStream.gone();
			}
			if (this.forks <= 0) {
				return false;
			}
			this.softDeleted = true;
		}
		finally {
			this.lock.unlock();
		}
		advanced();
		return true;
	}

	/**
	 * Return whether the stream is soft-deleted.
	 * @return whether it is
	 */
	boolean isSoftDeleted() {
		this.lock.lock();
		try {
			return this.softDeleted;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the index of the unit that holds a position, or the number of units at the
	 * tail.
	 */
	private int unitAt(long position) {
		int low = 0;
		int high = this.units.size() - 1;
		while (low <= high) {
			int middle = (low + high) >>> 1;
			long end = this.starts[middle] + this.units.get(middle).length;
			if (end <= position) {
				low = middle + 1;
			}
			else if (this.starts[middle] > position) {
				high = middle - 1;
			}
			else {
				return middle;
			}
		}
		return low;
	}

	@Override
	public Metadata metadata() {
		this.lock.lock();
		try {
			if (this.softDeleted) {
				throw StoredStream.gone();
			}
			return new Metadata(this.tail, this.closed);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Delete the stream: its bytes go back to the budget and its followers are told.
	 */
	void delete() {
		this.lock.lock();
		try {
			if (this.deleted) {
				return;
			}
			this.deleted = true;
			this.bounds.budget().release(this.tail);
			this.units.clear();
			this.starts = new long[0];
		}
		finally {
			this.lock.unlock();
		}
		advanced();
	}

	/**
	 * Return whether the stream was deleted.
	 * @return whether it was
	 */
	boolean isDeleted() {
		this.lock.lock();
		try {
			return this.deleted;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void follow(Follower follower) {
		this.followers.add(follower);
	}

	@Override
	public void unfollow(Follower follower) {
		this.followers.remove(follower);
	}

	/**
	 * Tell every follower to leave: the server shuts down.
	 */
	void shutDown() {
		for (Follower follower : this.followers) {
			follower.shutDown();
		}
	}

	private void advanced() {
		for (Follower follower : this.followers) {
			follower.advanced();
		}
	}

	/**
	 * Where a fork comes from.
	 *
	 * @param source the source stream
	 * @param offset the offset forked at
	 * @param subOffset how much of the append at the offset the fork took
	 */
	record Fork(StreamLog source, long offset, long subOffset) {

		boolean sameAs(@Nullable Fork other) {
			return other != null && other.source == this.source && other.offset == this.offset
					&& other.subOffset == this.subOffset;
		}

	}

	/**
	 * The units a fork starts with.
	 *
	 * @param units the units
	 * @param ends which of them end an append
	 */
	record Prefix(List<byte[]> units, BitSet ends) {
	}

	/**
	 * The bounds of a stream.
	 *
	 * @param maxStreamBytes the most bytes one stream holds
	 * @param budget the bytes of every stream
	 */
	record Bounds(long maxStreamBytes, ByteBudget budget) {
	}

}

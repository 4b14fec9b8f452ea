package io.github.eventsource.broadcast.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.github.eventsource.broadcast.internal.PresenceAnnouncer.PresenceSettings;
import io.github.eventsource.presence.EventSourcePresence.Snapshot;
import org.jspecify.annotations.Nullable;

/**
 * {@link Announcements} that writes every presence event to a list, as text, in the order
 * the rooms wrote them, and runs an optional action on each (to stand for a slow or a
 * failing write).
 */
final class RecordedAnnouncements implements Announcements {

	private final PresenceSettings settings;

	private final List<String> events = new ArrayList<>();

	private volatile Consumer<String> onEach = (event) -> {
	};

	RecordedAnnouncements(int maxMembers, int coalesceAbove) {
		this.settings = new PresenceSettings("presence", "joined", "left", "presence-count", maxMembers,
				coalesceAbove);
	}

	void onEach(Consumer<String> action) {
		this.onEach = action;
	}

	synchronized List<String> events() {
		return List.copyOf(this.events);
	}

	synchronized List<String> take() {
		List<String> taken = List.copyOf(this.events);
		this.events.clear();
		return taken;
	}

	@Override
	public PresenceSettings settings() {
		return this.settings;
	}

	@Override
	public void snapshot(String session, Snapshot snapshot) {
		record("presence to " + session + " " + snapshot.count() + "/" + snapshot.users() + " "
				+ snapshot.members().size());
	}

	@Override
	public void changed(String path, boolean joined, String id, @Nullable String user, int count) {
		record((joined ? "joined " : "left ") + path + " " + user + " " + count);
	}

	@Override
	public void counts(String path, int count, int users) {
		record("presence-count " + path + " " + count + "/" + users);
	}

	@Override
	public void snapshotToAll(String path, Snapshot snapshot) {
		record("presence " + path + " " + snapshot.count() + "/" + snapshot.users() + " "
				+ snapshot.members().size());
	}

	private void record(String event) {
		synchronized (this) {
			this.events.add(event);
		}
		this.onEach.accept(event);
	}

}

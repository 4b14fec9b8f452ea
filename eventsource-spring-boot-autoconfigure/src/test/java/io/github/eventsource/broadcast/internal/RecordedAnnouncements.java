package io.github.eventsource.broadcast.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.github.eventsource.broadcast.internal.PresenceAnnouncer.PresenceChange;
import io.github.eventsource.broadcast.internal.PresenceAnnouncer.PresenceCount;
import io.github.eventsource.broadcast.internal.PresenceAnnouncer.PresenceSettings;
import io.github.eventsource.presence.EventSourcePresence.Snapshot;

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
		this.settings = new PresenceSettings();
		this.settings.setMaxMembers(maxMembers);
		this.settings.setCoalesceAbove(coalesceAbove);
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
	public void toStream(String session, String name, Object data) {
		record(name + " to " + session + " " + text(data));
	}

	@Override
	public void toPath(String path, String name, Object data) {
		record(name + " " + path + " " + text(data));
	}

	private static String text(Object data) {
		if (data instanceof Snapshot snapshot) {
			return snapshot.count() + "/" + snapshot.users() + " " + snapshot.members().size();
		}
		if (data instanceof PresenceChange change) {
			return change.user() + " " + change.count();
		}
		PresenceCount count = (PresenceCount) data;
		return count.count() + "/" + count.users();
	}

	private void record(String event) {
		synchronized (this) {
			this.events.add(event);
		}
		this.onEach.accept(event);
	}

}

package io.github.eventsource.observation;

import io.micrometer.observation.Observation;

/**
 * The {@link Observation.Context} of one send through the {@code EventSourceTemplate}:
 * what it was sent to, and how many streams of this instance it reached.
 *
 * @since 0.1.0
 * @see EventSourceObservationDocumentation#SEND
 */
public class SendObservationContext extends Observation.Context {

	private final Target target;

	private final String targetName;

	private volatile int streams;

	/**
	 * Create the context of a send.
	 * @param target what kind of target the event is sent to
	 * @param targetName the concrete path, group, user name or session id
	 */
	public SendObservationContext(Target target, String targetName) {
		this.target = target;
		this.targetName = targetName;
	}

	/**
	 * Return the kind of target the event is sent to.
	 * @return the kind of target
	 */
	public Target getTarget() {
		return this.target;
	}

	/**
	 * Return the concrete path, group, user name or session id the event is sent to.
	 * @return the name of the target
	 */
	public String getTargetName() {
		return this.targetName;
	}

	/**
	 * Return how many streams of this instance the event was queued for, once sent.
	 * @return the number of streams, 0 before the send returned
	 */
	public int getStreams() {
		return this.streams;
	}

	/**
	 * Set how many streams of this instance the event was queued for.
	 * @param streams the number of streams
	 */
	public void setStreams(int streams) {
		this.streams = streams;
	}

	/**
	 * What an event is sent to.
	 */
	public enum Target {

		/**
		 * Every stream of a concrete path: {@code broadcast}.
		 */
		PATH,

		/**
		 * Every stream that joined a group.
		 */
		GROUP,

		/**
		 * Every stream of a user.
		 */
		USER,

		/**
		 * One stream, by its session id.
		 */
		SESSION

	}

}

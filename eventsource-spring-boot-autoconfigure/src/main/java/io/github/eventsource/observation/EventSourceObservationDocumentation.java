package io.github.eventsource.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of Server-Sent Events: one per stream, from the request that asks for
 * it to its end, and one per send through the {@code EventSourceTemplate}.
 *
 * @since 0.1.0
 */
public enum EventSourceObservationDocumentation implements ObservationDocumentation {

	/**
	 * A stream, from the request that asks for it (before {@code @CheckConnection}) to its
	 * end, whatever ends it; a refused request is a short stream with the outcome
	 * {@code refused}.
	 */
	STREAM {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultStreamObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return StreamLowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return StreamHighCardinalityKeyNames.values();
		}

	},

	/**
	 * A send through the {@code EventSourceTemplate}: the event encoded and queued for the
	 * streams of its target (in cluster mode, appended to the cluster's log), not written
	 * to any client yet.
	 */
	SEND {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultSendObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return SendLowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return SendHighCardinalityKeyNames.values();
		}

	};

	/**
	 * The low-cardinality keys of {@link #STREAM}.
	 */
	public enum StreamLowCardinalityKeyNames implements KeyName {

		/**
		 * The path pattern of the stream's endpoint, such as {@code /rooms/{room}}.
		 */
		ENDPOINT {

			@Override
			public String asString() {
				return "endpoint";
			}

		},

		/**
		 * How the stream ended, once it ended: {@code completed}, {@code timeout},
		 * {@code client_gone}, {@code overflow}, {@code shutdown}, {@code refused} or
		 * {@code error}.
		 */
		OUTCOME {

			@Override
			public String asString() {
				return "outcome";
			}

		}

	}

	/**
	 * The high-cardinality keys of {@link #STREAM}.
	 */
	public enum StreamHighCardinalityKeyNames implements KeyName {

		/**
		 * The id of the stream's session.
		 */
		SESSION_ID {

			@Override
			public String asString() {
				return "session.id";
			}

		}

	}

	/**
	 * The low-cardinality keys of {@link #SEND}.
	 */
	public enum SendLowCardinalityKeyNames implements KeyName {

		/**
		 * What the event is sent to: {@code path}, {@code group}, {@code user} or
		 * {@code session}.
		 */
		TARGET {

			@Override
			public String asString() {
				return "target";
			}

		}

	}

	/**
	 * The high-cardinality keys of {@link #SEND}.
	 */
	public enum SendHighCardinalityKeyNames implements KeyName {

		/**
		 * The concrete path or the group the event is sent to; absent for users and
		 * sessions.
		 */
		TARGET_NAME {

			@Override
			public String asString() {
				return "target.name";
			}

		}

	}

}

package io.github.eventsource.durable;

/**
 * What a request does to a durable stream, as {@link DurableStreamAccess} sees it.
 *
 * @since 0.1.0
 */
public enum DurableStreamOperation {

	/**
	 * Create a stream ({@code PUT}), with or without initial content.
	 */
	CREATE,

	/**
	 * Append to a stream, or close it ({@code POST}).
	 */
	APPEND,

	/**
	 * Delete a stream ({@code DELETE}).
	 */
	DELETE,

	/**
	 * Read a stream or its metadata ({@code GET}, {@code HEAD}), catch-up or live.
	 */
	READ;

	/**
	 * Return whether the operation changes a stream.
	 * @return {@code true} for every operation but {@link #READ}
	 */
	public boolean isWrite() {
		return this != READ;
	}

}

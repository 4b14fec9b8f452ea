package io.github.eventsource.sample;

import java.security.Principal;

import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnOpen;
import io.github.eventsource.core.EventSourceSession;

/**
 * The secured case: {@code /private} needs a login (see {@link SampleSecurity}) and
 * greets the user by name.
 */
@EventSourceEndpoint("/private")
class PrivateGreeting {

	@OnOpen
	void open(EventSourceSession session, Principal user) {
		session.send("greeting", "Hello, " + user.getName());
	}

}

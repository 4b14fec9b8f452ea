package io.github.eventsource.benchmark.server.eventbus;

import ch.rasc.sse.eventbus.config.EnableSseEventBus;
import io.github.eventsource.autoconfigure.EventSourceAutoConfiguration;
import io.github.eventsource.benchmark.server.BenchmarkServer;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The benchmark server on sse-eventbus: {@code @EnableSseEventBus} and
 * {@link EventBusController}. The starter's auto-configuration is excluded.
 */
@SpringBootApplication(exclude = EventSourceAutoConfiguration.class)
@EnableSseEventBus
@Import(BenchmarkServer.class)
public class EventBusServer {

	/**
	 * Start the server.
	 * @param args the command line arguments
	 */
	public static void main(String[] args) {
		BenchmarkServer.run(EventBusServer.class, WebApplicationType.SERVLET, args);
	}

}

package io.github.eventsource.benchmark.server.mvc;

import io.github.eventsource.autoconfigure.EventSourceAutoConfiguration;
import io.github.eventsource.benchmark.server.BenchmarkServer;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The benchmark server written by hand as users do today: {@link EmitterController}.
 * The starter's auto-configuration is excluded so that nothing of it runs here.
 */
@SpringBootApplication(exclude = EventSourceAutoConfiguration.class)
@Import(BenchmarkServer.class)
public class MvcServer {

	/**
	 * Start the server.
	 * @param args the command line arguments
	 */
	public static void main(String[] args) {
		BenchmarkServer.run(MvcServer.class, WebApplicationType.SERVLET, args);
	}

}

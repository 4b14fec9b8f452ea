package io.github.eventsource.benchmark.server.webflux;

import io.github.eventsource.benchmark.server.BenchmarkServer;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The benchmark server on WebFlux and Reactor Netty: {@link SinkController}. Tomcat's
 * reactive server is excluded, since Tomcat shares the classpath.
 */
@SpringBootApplication(exclude = TomcatReactiveWebServerAutoConfiguration.class)
@Import(BenchmarkServer.class)
public class WebfluxServer {

	/**
	 * Start the server.
	 * @param args the command line arguments
	 */
	public static void main(String[] args) {
		BenchmarkServer.run(WebfluxServer.class, WebApplicationType.REACTIVE, args);
	}

}

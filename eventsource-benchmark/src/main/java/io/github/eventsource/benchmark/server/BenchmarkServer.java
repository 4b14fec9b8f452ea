package io.github.eventsource.benchmark.server;

import java.time.Clock;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * What every benchmark server shares: the tickers, the control endpoints, and the
 * settings that let Tomcat hold as many streams as the file descriptors allow.
 * <p>
 * Each server application imports this configuration and starts with
 * {@link #run(Class, WebApplicationType, String...)}.
 */
@Configuration(proxyBeanMethods = false)
@Import(ControlController.class)
public class BenchmarkServer {

	@Bean
	BroadcastTicker benchmarkTicker(Broadcaster broadcaster) {
		return new BroadcastTicker(broadcaster, Clock.systemUTC());
	}

	@Bean
	RoomTicker benchmarkRoomTicker(Broadcaster broadcaster) {
		return new RoomTicker(broadcaster, Clock.systemUTC());
	}

	/**
	 * Start a server application with the benchmark's settings; arguments such as
	 * {@code --server.port=0} override them.
	 * @param application the application class
	 * @param type the web application type, set explicitly since Spring MVC and WebFlux
	 * share the classpath
	 * @param args the command line arguments
	 * @return the running application
	 */
	public static ConfigurableApplicationContext run(Class<?> application, WebApplicationType type, String... args) {
		return new SpringApplicationBuilder(application).web(type)
			.properties("server.tomcat.max-connections=20000", "server.tomcat.accept-count=1000",
					"spring.main.banner-mode=off", "logging.level.root=warn")
			.run(args);
	}

}

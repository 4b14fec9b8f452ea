package io.github.eventsource.jetty;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Gives Jetty's connectors in the tests the accept queue that a crowd arriving at once
 * needs, as the how-to on containers tells applications to: Jetty's default of 50 pending
 * connections overflows when the tests open thousands of streams in a burst, and each
 * connection dropped from the queue waits a second or more for the client's SYN to be
 * sent again (2,000 streams took 17 s to open instead of 2.5 s on Tomcat, whose accept
 * count is 100 and whose acceptor keeps up). Registered for every test of this module
 * in {@code META-INF/spring/...AutoConfiguration.imports}; off where Jetty is not on the
 * classpath.
 */
@AutoConfiguration
@ConditionalOnClass({ Server.class, JettyServletWebServerFactory.class })
public class JettyAcceptQueueTestAutoConfiguration {

	private static final int ACCEPT_QUEUE_SIZE = 4096;

	@Bean
	WebServerFactoryCustomizer<JettyServletWebServerFactory> jettyAcceptQueue() {
		return (factory) -> factory.addServerCustomizers((server) -> {
			for (var connector : server.getConnectors()) {
				if (connector instanceof ServerConnector serverConnector) {
					serverConnector.setAcceptQueueSize(ACCEPT_QUEUE_SIZE);
				}
			}
		});
	}

}

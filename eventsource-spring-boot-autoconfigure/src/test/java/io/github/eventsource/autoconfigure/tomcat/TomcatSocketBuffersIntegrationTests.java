package io.github.eventsource.autoconfigure.tomcat;

import io.github.eventsource.delivery.DeliveryEndpoints;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lean socket buffers reach the connector of a real Tomcat. Tomcat's own: not run on
 * Jetty.
 */
@SpringBootTest(classes = DeliveryEndpoints.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "eventsource.tomcat.socket-buffer-size=2KB")
class TomcatSocketBuffersIntegrationTests {

	@Autowired
	ServletWebServerApplicationContext context;

	@Test
	void everyConnectionOfTheConnectorGetsTheConfiguredBuffers() {
		Connector connector = ((TomcatWebServer) this.context.getWebServer()).getTomcat().getConnector();
		assertThat(connector.getProperty("socket.appReadBufSize")).hasToString("2048");
		assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString("2048");
	}

}

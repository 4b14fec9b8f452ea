package io.github.eventsource.autoconfigure.tomcat;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EventSourceTomcatAutoConfiguration}.
 */
class EventSourceTomcatAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EventSourceTomcatAutoConfiguration.class));

	@Test
	void leavesTomcatAloneByDefault() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(TomcatConnectorCustomizer.class));
	}

	@Test
	void setsReadAndWriteBufferOfEachConnectionWhenSocketBufferSizeIsSet() {
		this.contextRunner.withPropertyValues("eventsource.tomcat.socket-buffer-size=1KB").run((context) -> {
			Connector connector = new Connector("HTTP/1.1");
			context.getBean(TomcatConnectorCustomizer.class).customize(connector);
			assertThat(connector.getProperty("socket.appReadBufSize")).hasToString("1024");
			assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString("1024");
		});
	}

	@Test
	void backsOffWithoutTomcat() {
		this.contextRunner.withPropertyValues("eventsource.tomcat.socket-buffer-size=1KB")
			.withClassLoader(new FilteredClassLoader(Connector.class))
			.run((context) -> assertThat(context).doesNotHaveBean("eventSourceTomcatSocketBuffers"));
	}

	@Test
	void failsOnSocketBufferSizeOfZero() {
		this.contextRunner.withPropertyValues("eventsource.tomcat.socket-buffer-size=0B")
			.run((context) -> assertThat(context).hasFailed());
	}

}

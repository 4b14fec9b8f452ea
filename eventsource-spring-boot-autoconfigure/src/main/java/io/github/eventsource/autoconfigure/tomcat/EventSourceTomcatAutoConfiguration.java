package io.github.eventsource.autoconfigure.tomcat;

import io.github.eventsource.autoconfigure.EventSourceProperties;
import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of lean connection buffers for embedded Tomcat, on when
 * {@code eventsource.tomcat.socket-buffer-size} is set.
 * <p>
 * Tomcat gives each connection a read and a write buffer of 8 KB, held as long as the
 * connection is open: an idle stream holds both. The size applies to every connection of
 * every connector, which is why it is opt-in.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ Connector.class, TomcatConnectorCustomizer.class })
@ConditionalOnProperty("eventsource.tomcat.socket-buffer-size")
@EnableConfigurationProperties(EventSourceProperties.class)
public final class EventSourceTomcatAutoConfiguration {

	private static final Log logger = LogFactory.getLog(EventSourceTomcatAutoConfiguration.class);

	@Bean
	TomcatConnectorCustomizer eventSourceTomcatSocketBuffers(EventSourceProperties properties) {
		DataSize size = properties.getTomcat().getSocketBufferSize();
		Assert.state(size != null, "eventsource.tomcat.socket-buffer-size is not set");
		Assert.isTrue(size.toBytes() > 0 && size.toBytes() <= Integer.MAX_VALUE,
				() -> "eventsource.tomcat.socket-buffer-size must be positive, not " + size);
		String bytes = Long.toString(size.toBytes());
		return (connector) -> {
			connector.setProperty("socket.appReadBufSize", bytes);
			connector.setProperty("socket.appWriteBufSize", bytes);
			logger.info(LogMessage.format("Tomcat connector %s: read and write buffers of %s bytes per connection",
					connector.getProtocolHandlerClassName(), bytes));
		};
	}

}

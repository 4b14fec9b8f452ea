package io.github.eventsource.benchmark.server.starter;

import org.apache.catalina.connector.Connector;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Tomcat settings recommended for many idle streams, applied when
 * {@code benchmark.tuned=true}: an SSE request is a few hundred bytes and its events are
 * small, so Tomcat's per-connection buffers, 8 KiB each by default, can be much smaller.
 * <ul>
 * <li>{@code socket.appReadBufSize=1024}: the socket read buffer, also added to the
 * request header buffer;</li>
 * <li>{@code socket.appWriteBufSize=1024}: the socket write buffer, which also sizes
 * the response's output buffer (bytes and chars);</li>
 * <li>{@code server.tomcat.max-http-response-header-size=2KB} (set by the runner).</li>
 * </ul>
 * Writes larger than the buffers go to the socket directly, so latency is not affected.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("benchmark.tuned")
class TunedTomcat {

	static final String BUFFER_SIZE = "1024";

	@Bean
	TomcatConnectorCustomizer benchmarkSmallBuffers() {
		return (Connector connector) -> {
			connector.setProperty("socket.appReadBufSize", BUFFER_SIZE);
			connector.setProperty("socket.appWriteBufSize", BUFFER_SIZE);
		};
	}

}

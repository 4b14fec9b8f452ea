package io.github.eventsource.proxy;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import io.github.eventsource.broadcast.EventSourceTemplate;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A servlet filter that wraps the response, as metering and logging filters do, holds
 * no event back: events are written to the container's non-blocking output, past the
 * wrapper, which sees none of the stream's body.
 */
@SpringBootTest(classes = { StreamingEndpoints.class, ResponseWrappingFilterIntegrationTests.Metering.class },
		webEnvironment = WebEnvironment.RANDOM_PORT)
class ResponseWrappingFilterIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	EventSourceTemplate template;

	@Autowired
	Metering metering;

	@Test
	void flushesEveryEventPastTheWrapper() throws Exception {
		StreamFlushing.assertEveryEventFlushed(this.port, this.template);
		assertThat(this.metering.bytes.get()).isZero();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Metering {

		final AtomicLong bytes = new AtomicLong();

		@Bean
		OncePerRequestFilter meteringFilter() {
			return new OncePerRequestFilter() {

				@Override
				protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
						FilterChain chain) throws ServletException, IOException {
					chain.doFilter(request, new MeteredResponse(response, Metering.this.bytes));
				}

			};
		}

	}

	/**
	 * Counts the bytes written through its output stream, passing writes and flushes on.
	 */
	static final class MeteredResponse extends HttpServletResponseWrapper {

		private final AtomicLong bytes;

		private ServletOutputStream stream;

		MeteredResponse(HttpServletResponse response, AtomicLong bytes) {
			super(response);
			this.bytes = bytes;
		}

		@Override
		public synchronized ServletOutputStream getOutputStream() throws IOException {
			if (this.stream == null) {
				ServletOutputStream target = super.getOutputStream();
				this.stream = new ServletOutputStream() {

					@Override
					public void write(int b) throws IOException {
						MeteredResponse.this.bytes.incrementAndGet();
						target.write(b);
					}

					@Override
					public void write(byte[] b, int off, int len) throws IOException {
						MeteredResponse.this.bytes.addAndGet(len);
						target.write(b, off, len);
					}

					@Override
					public void flush() throws IOException {
						target.flush();
					}

					@Override
					public boolean isReady() {
						return target.isReady();
					}

					@Override
					public void setWriteListener(WriteListener listener) {
						target.setWriteListener(listener);
					}

				};
			}
			return this.stream;
		}

	}

}

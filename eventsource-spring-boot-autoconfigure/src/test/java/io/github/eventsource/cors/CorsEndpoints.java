package io.github.eventsource.cors;

import io.github.eventsource.annotation.EventSourceEndpoint;
import io.github.eventsource.annotation.OnOpen;
import io.github.eventsource.core.EventSourceSession;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A stream at {@code /news}, and an application controller at {@code /api/hello} with a
 * global CORS mapping of the application's own for {@code https://api.test}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ CorsEndpoints.News.class, CorsEndpoints.Api.class })
class CorsEndpoints implements WebMvcConfigurer {

	static final String STREAM = "/news";

	@Override
	public void addCorsMappings(CorsRegistry registry) {
		registry.addMapping("/api/**").allowedOrigins("https://api.test");
	}

	@EventSourceEndpoint(STREAM)
	static class News {

		@OnOpen
		void open(EventSourceSession session) {
			session.send("hello");
		}

	}

	@RestController
	static class Api {

		@GetMapping("/api/hello")
		String hello() {
			return "hello";
		}

	}

}

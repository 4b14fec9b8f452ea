package io.github.eventsource.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.github.eventsource.annotation.EventSourceEndpoint;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code eventsource.cors.*} properties.
 */
class EventSourceCorsConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class,
				WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
				EventSourceAutoConfiguration.class));

	@Test
	void leavesTheMappingsCorsConfigurationAloneByDefault() {
		this.contextRunner.run((context) -> assertThat(context
			.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class)
			.getCorsConfigurationSource()).isNull());
	}

	@Test
	void leavesTheMappingsCorsConfigurationAloneWithoutAllowedOrigins() {
		this.contextRunner.withUserConfiguration(NewsEndpoint.class)
			.run((context) -> assertThat(context
				.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class)
				.getCorsConfigurationSource()).isNull());
	}

	@Test
	void mapsEachEndpointPathInMvcsGlobalCorsMappingsWhenOriginsAreAllowed() {
		this.contextRunner.withUserConfiguration(NewsEndpoint.class)
			.withPropertyValues("eventsource.cors.allowed-origins=https://example.com")
			.run((context) -> {
				UrlBasedCorsConfigurationSource source = (UrlBasedCorsConfigurationSource) context
					.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class)
					.getCorsConfigurationSource();
				assertThat(source).isNotNull();
				assertThat(source.getCorsConfigurations()).containsOnlyKeys("/news", "/news/{topic}");
				CorsConfiguration news = source.getCorsConfigurations().get("/news/{topic}");
				assertThat(news.getAllowedOrigins()).containsExactly("https://example.com");
				assertThat(news.getAllowedMethods()).containsExactly("GET");
			});
	}

	@Test
	void bindsCorsProperties() {
		this.contextRunner
			.withPropertyValues("eventsource.cors.allowed-origins=https://a.test,https://b.test",
					"eventsource.cors.allowed-origin-patterns=https://*.c.test", "eventsource.cors.allow-credentials=true",
					"eventsource.cors.max-age=10m")
			.run((context) -> {
				CorsConfiguration cors = context.getBean(EventSourceCorsProperties.class).toCorsConfiguration();
				assertThat(cors).isNotNull();
				assertThat(cors.getAllowedOrigins()).containsExactly("https://a.test", "https://b.test");
				assertThat(cors.getAllowedOriginPatterns()).containsExactly("https://*.c.test");
				assertThat(cors.getAllowCredentials()).isTrue();
				assertThat(cors.getMaxAge()).isEqualTo(Duration.ofMinutes(10).toSeconds());
				assertThat(cors.getAllowedMethods()).isEqualTo(List.of("GET"));
			});
	}

	@Test
	void allowsNoOriginWithoutProperties() {
		assertThat(new EventSourceCorsProperties().toCorsConfiguration()).isNull();
	}

	@Configuration(proxyBeanMethods = false)
	static class NewsEndpoint {

		@Bean
		News news() {
			return new News();
		}

	}

	@EventSourceEndpoint({ "/news", "/news/{topic}" })
	static class News {

	}

}

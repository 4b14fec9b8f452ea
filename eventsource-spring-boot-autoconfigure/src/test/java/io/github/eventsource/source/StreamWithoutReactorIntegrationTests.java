package io.github.eventsource.source;

import java.io.File;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A {@code Stream} endpoint works without Reactor: the application runs in a class loader
 * made of this test's class path less Reactor, Reactive Streams and what needs them
 * (Lettuce, Spring Data Redis).
 */
class StreamWithoutReactorIntegrationTests {

	private static final List<String> LEFT_OUT = List.of("reactor-core", "reactive-streams", "lettuce-core",
			"spring-data-redis", "spring-boot-data-redis");

	@Test
	void streamEndpointSendsItsElementsThenDoneThenEnds() throws Exception {
		try (URLClassLoader loader = new URLClassLoader(classPathWithoutReactor(),
				ClassLoader.getPlatformClassLoader())) {
			assertThatExceptionOfType(ClassNotFoundException.class)
				.isThrownBy(() -> Class.forName("org.reactivestreams.Publisher", false, loader));
			Thread thread = Thread.currentThread();
			ClassLoader previous = thread.getContextClassLoader();
			thread.setContextClassLoader(loader);
			try (AutoCloseable context = run(loader)) {
				String port = port(context);
				HttpResponse<String> response = HttpClient.newHttpClient()
					.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/words"))
						.timeout(Duration.ofSeconds(10))
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(response.body()).isEqualTo("event: word\ndata: such\n\nevent: word\ndata: stream\n\n"
						+ "event: word\ndata: wow\n\nevent: done\ndata:\n\n");
			}
			finally {
				thread.setContextClassLoader(previous);
			}
		}
	}

	private static URL[] classPathWithoutReactor() {
		return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> LEFT_OUT.stream().noneMatch(entry::contains))
			.map(StreamWithoutReactorIntegrationTests::url)
			.toArray(URL[]::new);
	}

	private static URL url(String entry) {
		try {
			return new File(entry).toURI().toURL();
		}
		catch (MalformedURLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static AutoCloseable run(ClassLoader loader) throws Exception {
		disableTomcatUrlHandlers(loader);
		Class<?> application = loader.loadClass(StreamWithoutReactorApplication.class.getName());
		Method run = loader.loadClass("org.springframework.boot.SpringApplication")
			.getMethod("run", Class.class, String[].class);
		return (AutoCloseable) run.invoke(null, application,
				new String[] { "--server.port=0", "--spring.main.banner-mode=off" });
	}

	/**
	 * A second Tomcat in the JVM must not register its URL stream handler factory: the
	 * JVM takes one, and the tests' own Tomcat registered it.
	 */
	private static void disableTomcatUrlHandlers(ClassLoader loader) throws Exception {
		try {
			loader.loadClass("org.apache.catalina.webresources.TomcatURLStreamHandlerFactory")
				.getMethod("disable")
				.invoke(null);
		}
		catch (ClassNotFoundException ex) {
			// on Jetty
		}
	}

	private static String port(AutoCloseable context) throws Exception {
		Object environment = context.getClass().getMethod("getEnvironment").invoke(context);
		return (String) environment.getClass()
			.getMethod("getProperty", String.class)
			.invoke(environment, "local.server.port");
	}

}

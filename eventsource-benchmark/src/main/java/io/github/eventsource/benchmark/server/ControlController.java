package io.github.eventsource.benchmark.server;

import java.lang.management.ManagementFactory;
import java.util.concurrent.ExecutionException;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoints that drive a benchmark server, the same on Spring MVC and WebFlux:
 * {@code POST /ticker?ms=X}, {@code POST /broadcast?n=K}, {@code POST /flood?n=K&bytes=B},
 * {@code GET /stats} and
 * {@code POST /gc}.
 */
@RestController
public class ControlController {

	private final BroadcastTicker ticker;

	private final Broadcaster broadcaster;

	private final ApplicationContext context;

	/**
	 * Create the controller.
	 * @param ticker the server's ticker
	 * @param broadcaster the server's broadcaster, for its subscriber count
	 * @param context the application context, for the web server it runs on
	 */
	public ControlController(BroadcastTicker ticker, Broadcaster broadcaster, ApplicationContext context) {
		this.ticker = ticker;
		this.broadcaster = broadcaster;
		this.context = context;
	}

	/**
	 * Broadcast an event every {@code ms} milliseconds; {@code 0} stops.
	 * @param ms the period
	 * @return the statistics, once a broadcast in progress is over
	 * @throws InterruptedException if interrupted while waiting
	 * @throws ExecutionException if the wait failed
	 */
	@PostMapping("/ticker")
	public String ticker(@RequestParam long ms) throws InterruptedException, ExecutionException {
		this.ticker.tick(ms);
		return stats();
	}

	/**
	 * Broadcast {@code n} events now.
	 * @param n the number of events
	 * @return the statistics once they are handed over
	 * @throws InterruptedException if interrupted while waiting
	 * @throws ExecutionException if a broadcast failed
	 */
	@PostMapping("/broadcast")
	public String broadcast(@RequestParam int n) throws InterruptedException, ExecutionException {
		this.ticker.broadcast(n);
		return stats();
	}

	/**
	 * Queue {@code n} events of about {@code bytes} bytes each for the streams on
	 * {@code /stall} only, and return at once.
	 * @param n the number of events
	 * @param bytes the size of each event's data
	 * @return the statistics, before the events are sent
	 */
	@PostMapping("/flood")
	public String flood(@RequestParam int n, @RequestParam int bytes) {
		this.ticker.flood(n, bytes);
		return stats();
	}

	/**
	 * Return the number of open streams, of events broadcast, and the web server's class.
	 * @return {@code {"subscribers":…,"sent":…,"webServer":"TomcatWebServer"}}
	 */
	@GetMapping("/stats")
	public String stats() {
		return "{\"subscribers\":" + this.broadcaster.subscribers() + ",\"sent\":" + this.ticker.sent()
				+ ",\"webServer\":\"" + webServer() + "\"}";
	}

	private String webServer() {
		return (this.context instanceof WebServerApplicationContext web && web.getWebServer() != null)
				? web.getWebServer().getClass().getSimpleName() : "none";
	}

	/**
	 * Run a full garbage collection and return the heap in use after it.
	 * @return {@code {"heapUsed":…}} in bytes
	 */
	@PostMapping("/gc")
	public String gc() {
		System.gc();
		return "{\"heapUsed\":" + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() + "}";
	}

}

package io.github.eventsource.benchmark.server;

import java.lang.management.ManagementFactory;
import java.util.concurrent.ExecutionException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoints that drive a benchmark server, the same on Spring MVC and WebFlux:
 * {@code POST /ticker?ms=X}, {@code POST /broadcast?n=K}, {@code GET /stats} and
 * {@code POST /gc}.
 */
@RestController
public class ControlController {

	private final BroadcastTicker ticker;

	private final Broadcaster broadcaster;

	/**
	 * Create the controller.
	 * @param ticker the server's ticker
	 * @param broadcaster the server's broadcaster, for its subscriber count
	 */
	public ControlController(BroadcastTicker ticker, Broadcaster broadcaster) {
		this.ticker = ticker;
		this.broadcaster = broadcaster;
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
	 * Return the number of open streams and of events broadcast.
	 * @return {@code {"subscribers":…,"sent":…}}
	 */
	@GetMapping("/stats")
	public String stats() {
		return "{\"subscribers\":" + this.broadcaster.subscribers() + ",\"sent\":" + this.ticker.sent() + "}";
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

package io.github.eventsource.benchmark.server;

import java.lang.management.ManagementFactory;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoints that drive a benchmark server, the same on Spring MVC and WebFlux:
 * {@code POST /ticker?ms=X}, {@code POST /broadcast?n=K}, {@code POST /flood?n=K&bytes=B},
 * {@code POST /room-ticker?rooms=R&perSecond=P&senders=S}, {@code GET /room-ticker},
 * {@code GET /stats} and {@code POST /gc}.
 */
@RestController
public class ControlController {

	private final BroadcastTicker ticker;

	private final RoomTicker roomTicker;

	private final Broadcaster broadcaster;

	private final ApplicationContext context;

	/**
	 * Create the controller.
	 * @param ticker the server's ticker
	 * @param roomTicker the server's ticker of posts to rooms
	 * @param broadcaster the server's broadcaster, for its subscriber count
	 * @param context the application context, for the web server it runs on
	 */
	public ControlController(BroadcastTicker ticker, RoomTicker roomTicker, Broadcaster broadcaster,
			ApplicationContext context) {
		this.ticker = ticker;
		this.roomTicker = roomTicker;
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
	 * Post {@code perSecond} events a second, spread over {@code rooms} rooms, from
	 * {@code senders} threads; {@code perSecond=0} stops once the pass in progress is
	 * complete.
	 * @param rooms the number of rooms, {@code /rooms/0} to {@code /rooms/<rooms - 1>}
	 * @param perSecond the posts per second of all senders together; {@code 0} stops
	 * @param senders the number of sender threads
	 * @return {@code {"passes":…,"posts":…}}: after stopping, {@code passes} is the last
	 * id every room was sent
	 * @throws InterruptedException if interrupted while stopping
	 * @throws ExecutionException if stopping failed
	 * @throws TimeoutException if the pass in progress did not complete in 30 s
	 */
	@PostMapping("/room-ticker")
	public String roomTicker(@RequestParam(defaultValue = "1") int rooms, @RequestParam double perSecond,
			@RequestParam(defaultValue = "8") int senders)
			throws InterruptedException, ExecutionException, TimeoutException {
		return roomStats((perSecond > 0) ? this.roomTicker.start(rooms, perSecond, senders) : this.roomTicker.stop());
	}

	/**
	 * Return what the room ticker sent so far.
	 * @return {@code {"passes":…,"posts":…}}
	 */
	@GetMapping("/room-ticker")
	public String roomTicker() {
		return roomStats(this.roomTicker.stats());
	}

	private static String roomStats(RoomTicker.Stats stats) {
		return "{\"passes\":" + stats.passes() + ",\"posts\":" + stats.posts() + "}";
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

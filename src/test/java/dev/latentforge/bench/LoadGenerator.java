package dev.latentforge.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded closed-loop load generator on loopback: {@code concurrency} client threads,
 * each with its own connection, send the same request back to back; a warm-up of a few
 * requests per client first, then exactly {@code requests} measured requests shared among
 * them. Reports latency percentiles (each request's time from send to last byte) and
 * images per second over the measured phase's wall time.
 */
final class LoadGenerator {

	private LoadGenerator() {
	}

	record Result(int concurrency, int requests, int imagesPerRequest, double p50Millis, double p95Millis,
			double p99Millis, double imagesPerSecond, int errors, String firstError) {
	}

	static Result run(URI uri, String key, byte[] body, String contentType, String accept, int concurrency,
			int requests, int warmupPerClient, int imagesPerRequest) throws Exception {
		CountDownLatch ready = new CountDownLatch(concurrency);
		CountDownLatch go = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(concurrency);
		AtomicInteger tickets = new AtomicInteger(requests);
		long[] latencies = new long[requests];
		AtomicInteger recorded = new AtomicInteger();
		AtomicInteger errors = new AtomicInteger();
		AtomicLong firstErrorStatus = new AtomicLong();
		String[] firstError = new String[1];
		List<Thread> clients = new ArrayList<>();
		for (int c = 0; c < concurrency; c++) {
			Thread thread = new Thread(() -> {
				HttpClient client = HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.connectTimeout(Duration.ofSeconds(10))
					.build();
				HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
					.header("Authorization", "Bearer " + key)
					.header("Accept", accept)
					.timeout(Duration.ofSeconds(120));
				// no body: a GET (the control plane's cost without inference)
				HttpRequest request = body == null ? builder.GET().build()
						: builder.header("Content-Type", contentType)
							.POST(HttpRequest.BodyPublishers.ofByteArray(body))
							.build();
				try {
					try {
						for (int i = 0; i < warmupPerClient; i++) {
							client.send(request, HttpResponse.BodyHandlers.ofByteArray());
						}
					}
					finally {
						ready.countDown();
					}
					go.await();
					while (tickets.getAndDecrement() > 0) {
						long sent = System.nanoTime();
						HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
						long took = System.nanoTime() - sent;
						if (response.statusCode() != 200) {
							errors.incrementAndGet();
							synchronized (firstError) {
								if (firstError[0] == null) {
									firstError[0] = response.statusCode() + " " + new String(response.body());
									firstErrorStatus.set(response.statusCode());
								}
							}
						}
						latencies[recorded.getAndIncrement()] = took;
					}
				}
				catch (Exception ex) {
					errors.incrementAndGet();
					synchronized (firstError) {
						if (firstError[0] == null) {
							firstError[0] = ex.toString();
						}
					}
				}
				finally {
					done.countDown();
				}
			}, "load-" + c);
			thread.setDaemon(true);
			clients.add(thread);
			thread.start();
		}
		ready.await();
		long began = System.nanoTime();
		go.countDown();
		done.await();
		double seconds = (System.nanoTime() - began) / 1e9;
		long[] sorted = Arrays.copyOf(latencies, recorded.get());
		Arrays.sort(sorted);
		return new Result(concurrency, requests, imagesPerRequest, percentile(sorted, 0.50), percentile(sorted, 0.95),
				percentile(sorted, 0.99), (requests - errors.get()) * (double) imagesPerRequest / seconds, errors.get(),
				firstError[0]);
	}

	private static double percentile(long[] sorted, double q) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(q * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
	}

}

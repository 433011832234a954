package dev.latentforge.generation;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpHeaders;

/**
 * What produced a response: enough to reproduce it (model, checkpoint and its hash, seed,
 * device, thread count, library versions).
 *
 * @param model the model (job) id
 * @param checkpoint the checkpoint id
 * @param checkpointSha256 the hash of the checkpoint's parameters
 * @param step the checkpoint's step
 * @param seed the seed of the request's random draws, if it made any
 * @param device the device it ran on
 * @param threads the intra-op threads
 * @param batchSize the fixed inference batch size
 * @param djlVersion DJL's version
 * @param pytorchVersion PyTorch's version
 */
public record Receipt(String model, String checkpoint, String checkpointSha256, long step, Long seed, String device,
		int threads, int batchSize, String djlVersion, String pytorchVersion) {

	/** The receipt as response headers ({@code Latentforge-*}). */
	public HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		asMap().forEach((name, value) -> {
			if (value != null) {
				headers.set("Latentforge-" + name, value.toString());
			}
		});
		return headers;
	}

	Map<String, Object> asMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("Model", this.model);
		map.put("Checkpoint", this.checkpoint);
		map.put("Checkpoint-Sha256", this.checkpointSha256);
		map.put("Step", this.step);
		map.put("Seed", this.seed);
		map.put("Device", this.device);
		map.put("Threads", this.threads);
		map.put("Batch-Size", this.batchSize);
		map.put("Djl-Version", this.djlVersion);
		map.put("Pytorch-Version", this.pytorchVersion);
		return map;
	}

}

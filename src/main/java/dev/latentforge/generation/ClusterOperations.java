package dev.latentforge.generation;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.latentforge.analysis.ClusterAgreement;
import dev.latentforge.analysis.KMeans;
import dev.latentforge.engine.Rng;
import dev.latentforge.models.Capabilities;
import dev.latentforge.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * k-means on a model's codes of a split, with the agreement (NMI, ARI) between clusters
 * and classes when the data set is labelled, and optionally the same on raw pixels for
 * comparison: does the representation separate the classes better than the pixels do?
 */
@RestController
@RequestMapping("/api/v1/models/{id}")
@Tag(name = "Models")
class ClusterOperations {

	static final int MAX_LIMIT = 5_000;

	private final ServedModels served;

	private final Embeddings embeddings;

	ClusterOperations(ServedModels served, Embeddings embeddings) {
		this.served = served;
		this.embeddings = embeddings;
	}

	/**
	 * A clustering request.
	 *
	 * @param split the split (default test when present)
	 * @param limit how many images, 1 to 5000 (default 1000)
	 * @param k clusters (default the number of classes among the images; required for
	 * unlabelled data)
	 * @param restarts k-means++ starts, the best kept (default 10, at most 100)
	 * @param maxIterations Lloyd iterations per start (default 300, at most 1000)
	 * @param seed the seed of the k-means++ draws (default 0)
	 * @param comparePixels also cluster the raw pixels (default false)
	 * @param returnAssignments include each image's cluster (default false)
	 */
	record ClusterRequest(String split, Integer limit, Integer k, Integer restarts, Integer maxIterations, Long seed,
			Boolean comparePixels, Boolean returnAssignments) {
	}

	@PostMapping(path = "/cluster", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "cluster", summary = "Cluster a split's codes with k-means",
			description = "Seeded k-means++ with restarts on the codes of `/embedding`; answers the clusters' sizes "
					+ "and inertia and, when the data set is labelled, the normalised mutual information and "
					+ "adjusted Rand index against the classes. With comparePixels the same on raw pixels.")
	@ApiResponse(responseCode = "400", description = "Invalid settings, or the model has no encoder")
	@ApiResponse(responseCode = "409", description = "The model has no checkpoint yet")
	Map<String, Object> cluster(@PathVariable String id, @RequestBody(required = false) ClusterRequest body,
			@RequestParam(required = false) String checkpoint) {
		ClusterRequest request = body != null ? body
				: new ClusterRequest(null, null, null, null, null, null, null, null);
		int limit = Embeddings.limit(request.limit(), 1000, MAX_LIMIT);
		int restarts = bounded("restarts", request.restarts(), 10, 100);
		int iterations = bounded("maxIterations", request.maxIterations(), 300, 1000);
		long seed = request.seed() != null ? request.seed() : 0L;
		ServedModels.Selected selected = this.served.selectForInference(id, checkpoint, Capabilities.CLUSTER);
		try (ModelCache.Lease lease = this.served.lease(selected)) {
			Embeddings.Codes codes = this.embeddings.encode(selected, lease, request.split(), limit);
			int[] labels = codes.images().labels();
			int n = codes.images().count();
			int k;
			if (request.k() != null) {
				k = request.k();
			}
			else if (labels != null) {
				// the classes present: a model trained on some classes sees only those
				k = (int) java.util.Arrays.stream(labels).distinct().count();
			}
			else {
				throw ApiException.invalid("k", "the data set has no classes: give k");
			}
			if (k < 2 || k > Math.min(n, 1000)) {
				throw ApiException.invalid("k", "must be between 2 and " + Math.min(n, 1000) + " (the images)");
			}
			Map<String, Object> out = new LinkedHashMap<>();
			out.put("split", codes.images().split());
			out.put("count", n);
			out.put("k", k);
			out.put("restarts", restarts);
			out.put("seed", seed);
			out.put("codes",
					result(KMeans.cluster(codes.codes(), n, codes.latent(), k, restarts, iterations, new Rng(seed)),
							labels, k, Boolean.TRUE.equals(request.returnAssignments())));
			if (Boolean.TRUE.equals(request.comparePixels())) {
				int size = codes.images().values().length / n;
				out.put("pixels",
						result(KMeans.cluster(codes.images().values(), n, size, k, restarts, iterations, new Rng(seed)),
								labels, k, Boolean.TRUE.equals(request.returnAssignments())));
			}
			out.put("receipt", this.served.receipt(selected, lease, seed));
			return out;
		}
	}

	private static Map<String, Object> result(KMeans.Result result, int[] labels, int k, boolean assignments) {
		Map<String, Object> out = new LinkedHashMap<>();
		int[] sizes = new int[k];
		for (int a : result.assignments()) {
			sizes[a]++;
		}
		out.put("sizes", sizes);
		out.put("inertia", result.inertia());
		out.put("iterations", result.iterations());
		if (labels != null) {
			out.put("nmi", ClusterAgreement.nmi(result.assignments(), labels));
			out.put("ari", ClusterAgreement.ari(result.assignments(), labels));
		}
		if (assignments) {
			out.put("assignments", result.assignments());
		}
		return out;
	}

	private static int bounded(String field, Integer value, int defaultValue, int max) {
		int v = value != null ? value : defaultValue;
		if (v < 1 || v > max) {
			throw ApiException.invalid(field, "must be between 1 and " + max);
		}
		return v;
	}

}

package dev.latentforge.jobs;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.latentforge.datasets.DatasetCatalog;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.engine.Devices;
import dev.latentforge.engine.EngineInfo;
import dev.latentforge.models.DataSelection;
import dev.latentforge.models.JobSpec;
import dev.latentforge.models.ModelFamilies;
import dev.latentforge.models.ModelFamily;
import dev.latentforge.models.ModelSpec;
import dev.latentforge.models.TrainingData;
import dev.latentforge.models.TrainingSpec;
import dev.latentforge.web.ApiException;
import dev.latentforge.web.FieldProblem;
import dev.latentforge.web.ProblemType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Checks a submitted job against its data set, its family and this machine, and fills in
 * every default, so that the stored specification is complete and says exactly what will
 * run.
 */
@Component
public class JobSubmissions {

	private static final SecureRandom SEEDS = new SecureRandom();

	private final DatasetCatalog datasets;

	private final ModelFamilies families;

	private final JsonMapper json;

	private final ModelReferences references;

	public JobSubmissions(DatasetCatalog datasets, ModelFamilies families, JsonMapper json,
			ModelReferences references) {
		this.datasets = datasets;
		this.families = families;
		this.json = json;
		this.references = references;
	}

	/**
	 * A checked and completed submission.
	 *
	 * @param spec the resolved specification
	 * @param specJson it as JSON
	 * @param requestJson the request as received, re-serialised (for idempotency)
	 * @param family the model family
	 * @param dataset the data set
	 */
	public record Resolved(JobSpec spec, String specJson, String requestJson, ModelFamily family, DatasetInfo dataset) {
	}

	public Resolved resolve(JobSpec request) {
		List<FieldProblem> problems = new ArrayList<>();
		Optional<DatasetInfo> found = this.datasets.find(request.dataset());
		if (found.isEmpty()) {
			throw ApiException.invalid("dataset", "unknown data set '" + request.dataset() + "'");
		}
		DatasetInfo dataset = found.get();
		DataSelection data = request.dataOrDefault();
		checkSelection(dataset, data, problems);
		TrainingSpec training = request.training();
		if ((training.maxSteps() == null) == (training.epochs() == null)) {
			problems.add(new FieldProblem("training", "give exactly one of maxSteps and epochs"));
		}
		if (!problems.isEmpty()) {
			throw ApiException.invalid(problems);
		}
		int trainCount = TrainingData.trainingCount(dataset, data);
		if (training.batch() > trainCount) {
			problems.add(new FieldProblem("training.batchSize", "batch size " + training.batch()
					+ " is larger than the " + trainCount + " training examples selected"));
		}
		ModelFamily family = this.families.of(request.model());
		ModelSpec model = this.references.resolve(family.resolve(request.model(), dataset), dataset);
		TrainingSpec resolvedTraining = training.resolved(trainCount, SEEDS.nextInt(Integer.MAX_VALUE));
		try {
			Devices.resolve(request.deviceOrDefault(), EngineInfo.engine().getGpuCount());
		}
		catch (IllegalArgumentException ex) {
			throw new ApiException(ProblemType.DEVICE_UNAVAILABLE, ex.getMessage(),
					List.of(new FieldProblem("device", ex.getMessage())));
		}
		problems.addAll(family.validate(model, dataset, resolvedTraining));
		if (!problems.isEmpty()) {
			throw ApiException.invalid(problems);
		}
		JobSpec spec = new JobSpec(request.name(), dataset.id(), data, model, resolvedTraining,
				request.priorityOrDefault(), request.deviceOrDefault());
		return new Resolved(spec, this.json.writeValueAsString(spec), this.json.writeValueAsString(request), family,
				dataset);
	}

	/**
	 * Records the checkpoints a new job's spec refers to, pinning them (call in the
	 * submitting transaction).
	 */
	void recordReferences(String jobId, ModelSpec model) {
		this.references.record(jobId, model);
	}

	private static void checkSelection(DatasetInfo dataset, DataSelection data, List<FieldProblem> problems) {
		if (!dataset.splits().containsKey(data.split())) {
			problems.add(new FieldProblem("data.split", "unknown split '" + data.split() + "'; data set '"
					+ dataset.id() + "' has " + dataset.splits().keySet()));
			return;
		}
		if (data.classes() != null && !data.classes().isEmpty()) {
			if (!dataset.labelled()) {
				problems.add(new FieldProblem("data.classes", "data set '" + dataset.id() + "' has no classes"));
				return;
			}
			for (int i = 0; i < data.classes().size(); i++) {
				if (!dataset.classes().contains(data.classes().get(i))) {
					problems.add(new FieldProblem("data.classes[" + i + "]",
							"unknown class '" + data.classes().get(i) + "'; known classes: " + dataset.classes()));
				}
			}
		}
		if (problems.isEmpty() && TrainingData.selectedCount(dataset, data) < 2) {
			problems.add(new FieldProblem("data", "the selection keeps fewer than 2 examples"));
		}
	}

}

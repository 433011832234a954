package dev.latentforge.generation;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;

import dev.latentforge.jobs.JobDeleted;
import dev.latentforge.models.Capabilities;
import dev.latentforge.models.ConditionVocabulary.Condition;
import dev.latentforge.security.Caller;
import dev.latentforge.security.Callers;
import dev.latentforge.web.ApiException;
import jakarta.persistence.criteria.Predicate;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Generates from seeds, and walks latent space, and records every generation, so that it
 * can be looked up and replayed: the replay selects the recorded checkpoint, draws the
 * same latents from the recorded seed, count and truncation (or walks the recorded path)
 * and encodes the recorded condition, and so returns the same examples.
 */
@Service
class Generations {

	private static final SecureRandom SEEDS = new SecureRandom();

	private final ServedModels served;

	private final Generator generator;

	private final Conditions conditions;

	private final GenerationRepository generations;

	private final JsonMapper json;

	private final Clock clock;

	Generations(ServedModels served, Generator generator, Conditions conditions, GenerationRepository generations,
			JsonMapper json, Clock clock) {
		this.served = served;
		this.generator = generator;
		this.conditions = conditions;
		this.generations = generations;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * A generation and its examples.
	 *
	 * @param record the recorded generation
	 * @param output the examples
	 * @param latents a walk's latent rows, or null for a seeded generation
	 */
	record Generated(Generation record, Generator.Output output, float[] latents) {
	}

	Generated generate(String modelId, GenerationController.GenerateRequest request, String checkpointQuery) {
		String selector = request.checkpoint() != null ? request.checkpoint() : checkpointQuery;
		ServedModels.Selected selected = this.served.selectForInference(modelId, selector, Capabilities.GENERATE);
		int count = request.count() == null ? 16 : request.count();
		if (count < 1 || count > this.served.maxImages()) {
			throw ApiException.invalid("count", "must be between 1 and " + this.served.maxImages());
		}
		Double truncation = checkTruncation(request.truncation(), "truncation");
		Conditions.Resolved source = this.conditions.source(request.promptId(), request.prompt(), request.condition());
		long seed = request.seed() != null ? request.seed() : SEEDS.nextLong() >>> 1;
		Run run = run(selected, seed, (size) -> Latents.draw(seed, count, size, truncation), source, count,
				field(request));
		return new Generated(record(selected, Generation.Kind.GENERATE, null, run.encoded(), seed, count, truncation),
				run.output(), null);
	}

	/**
	 * Walks latent space (an interpolation or arithmetic strip) and records the walk.
	 * @param selected the model and checkpoint
	 * @param walk the walk's inputs, checked except against the model's latent size
	 * @param truncation applied to the seeds' draws, or null
	 * @param source the condition for every image
	 * @param conditionField the request field the condition came from (for errors)
	 */
	Generated walk(ServedModels.Selected selected, LatentWalk walk, Double truncation, Conditions.Resolved source,
			String conditionField) {
		int count = walk.count();
		Run run = run(selected, walk.receiptSeed(), (size) -> walk.path(size, truncation), source, count,
				conditionField);
		return new Generated(record(selected, walk.kind(), this.json.writeValueAsString(walk), run.encoded(), null,
				count, truncation), run.output(), run.latents());
	}

	/**
	 * One run of the generator.
	 *
	 * @param output the examples
	 * @param latents the latent rows they came from
	 * @param encoded the condition as resolved and encoded
	 */
	private record Run(Generator.Output output, float[] latents, Conditions.Encoded encoded) {
	}

	/**
	 * Runs the selected model on latent rows built for its latent size and on the
	 * condition encoded for each of the {@code count} rows.
	 */
	private Run run(ServedModels.Selected selected, Long receiptSeed, IntFunction<float[]> latents,
			Conditions.Resolved source, int count, String conditionField) {
		float[][] rows = new float[1][];
		Conditions.Encoded[] encoded = new Conditions.Encoded[1];
		Generator.Output output = this.generator.generate(selected, receiptSeed, (model) -> {
			rows[0] = latents.apply(model.latentSize());
			encoded[0] = Conditions.encode(source, model.vocabulary(), count, conditionField);
			return new Generator.Inputs(rows[0], encoded[0].rows(), count);
		});
		return new Run(output, rows[0], encoded[0]);
	}

	private Generation record(ServedModels.Selected selected, Generation.Kind kind, String walk,
			Conditions.Encoded encoded, Long seed, int count, Double truncation) {
		Conditions.Resolved source = encoded.resolved();
		Condition condition = source.condition();
		// the database keeps microseconds: the answer shows what a later GET shows
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		return this.generations
			.save(new Generation(UUID.randomUUID().toString(), Callers.current().owner(), selected.job().getId(),
					selected.checkpoint().getId(), kind, walk, source.promptId(), source.promptText(),
					condition == null ? null : this.json.writeValueAsString(condition), seed, count, truncation, now));
	}

	private static String field(GenerationController.GenerateRequest request) {
		return request.promptId() != null ? "promptId" : request.prompt() != null ? "prompt" : "condition";
	}

	static Double checkTruncation(Double truncation, String field) {
		if (truncation != null && !(truncation >= 0.01 && truncation <= 10)) {
			throw ApiException.invalid(field, "must be between 0.01 and 10 (latent components with |z| above it "
					+ "are redrawn), or absent for none");
		}
		return truncation;
	}

	/**
	 * Replays a recorded generation: the same checkpoint, latents (drawn from the seed,
	 * or the recorded walk's path) and condition.
	 */
	Generated replay(String id) {
		Generation record = get(id);
		Generation.Kind kind = record.getKind();
		ServedModels.Selected selected = this.served.selectForInference(record.getModelId(), record.getCheckpointId(),
				capability(kind));
		Condition condition = condition(record);
		Conditions.Resolved source = condition == null ? Conditions.Resolved.NONE
				: new Conditions.Resolved(condition, record.getPromptId(), record.getPromptText());
		LatentWalk walk = walk(record);
		if (walk != null) {
			Run run = run(selected, walk.receiptSeed(), (size) -> walk.path(size, record.getTruncation()), source,
					record.getCount(), "condition");
			return new Generated(record, run.output(), run.latents());
		}
		Run run = run(selected, record.getSeed(),
				(size) -> Latents.draw(record.getSeed(), record.getCount(), size, record.getTruncation()), source,
				record.getCount(), "condition");
		return new Generated(record, run.output(), null);
	}

	private static String capability(Generation.Kind kind) {
		return switch (kind) {
			case GENERATE -> Capabilities.GENERATE;
			case INTERPOLATE -> Capabilities.INTERPOLATE;
			case ARITHMETIC -> Capabilities.ARITHMETIC;
		};
	}

	Condition condition(Generation record) {
		return record.getCondition() == null ? null : this.json.readValue(record.getCondition(), Condition.class);
	}

	/** A walk's recorded inputs, or null for a seeded generation. */
	LatentWalk walk(Generation record) {
		return record.getWalk() == null ? null : this.json.readValue(record.getWalk(), LatentWalk.class);
	}

	/** The record as the API shows it. */
	GenerationController.GenerationResponse view(Generation generation) {
		return new GenerationController.GenerationResponse(generation.getId(), generation.getKind().value(),
				generation.getModelId(), generation.getCheckpointId(), generation.getPromptId(),
				generation.getPromptText(), condition(generation), generation.getSeed(), walk(generation),
				generation.getCount(), generation.getTruncation(), generation.getCreatedAt());
	}

	/** A generation the caller may see; another owner's answers 404. */
	Generation get(String id) {
		Caller caller = Callers.current();
		return this.generations.findById(id)
			.filter((generation) -> caller.sees(generation.getOwner()))
			.orElseThrow(() -> ApiException.notFound("generation", id));
	}

	/**
	 * The caller's generations (an admin's: everyone's), newest first unless the page
	 * asks otherwise.
	 * @param modelId only this model's, or null
	 * @param kind only this kind's ({@code generate}, {@code interpolate},
	 * {@code arithmetic}), or null
	 */
	Page<Generation> list(String modelId, String kind, Pageable pageable) {
		if (kind != null && Generation.Kind.find(kind).isEmpty()) {
			throw ApiException.invalid("kind", "must be generate, interpolate or arithmetic");
		}
		String owner = Callers.current().ownerFilter();
		Specification<Generation> filter = (root, query, builder) -> {
			List<Predicate> conditions = new ArrayList<>();
			if (owner != null) {
				conditions.add(builder.equal(root.get("owner"), owner));
			}
			if (modelId != null) {
				conditions.add(builder.equal(root.get("modelId"), modelId));
			}
			if (kind != null) {
				conditions.add(builder.equal(root.get("kind"), kind));
			}
			return builder.and(conditions.toArray(Predicate[]::new));
		};
		return this.generations.findAll(filter, pageable);
	}

	void delete(String id) {
		this.generations.delete(get(id));
	}

	@EventListener
	@Transactional
	public void on(JobDeleted deleted) {
		this.generations.deleteByModelId(deleted.jobId());
	}

}

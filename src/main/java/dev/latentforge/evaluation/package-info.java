/**
 * Evaluations: metrics of a trained model computed by its family's
 * {@link dev.latentforge.models.ModelEvaluator} in a worker process, as resources with a
 * status, progress and results; and the evaluators of generative models
 * ({@code evaluation.generative}).
 */
package dev.latentforge.evaluation;

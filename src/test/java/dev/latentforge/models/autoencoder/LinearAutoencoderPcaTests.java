package dev.latentforge.models.autoencoder;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.latentforge.datasets.DatasetFiles;
import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.models.Examples;
import dev.latentforge.models.ScheduleSpec;
import dev.latentforge.tensors.Tensor;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.simple.SimpleMatrix;
import org.ejml.simple.SimpleSVD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A linear autoencoder trained on squared error learns the principal subspace (Baldi
 * &amp; Hornik 1989): on data with a known covariance whose top-k eigengap is large, its
 * reconstruction error matches PCA's with the same k, and the subspace its decoder spans
 * is PCA's up to a small principal angle.
 */
class LinearAutoencoderPcaTests {

	static final int D = 16;

	static final int K = 3;

	@Test
	void linearAutoencoderLearnsThePrincipalSubspace(@TempDir Path dir) throws Exception {
		// covariance Q diag(λ) Qᵀ with λ = 9, 7, 5 then 13 values in [0.2, 1]: λ3/λ4 ≥ 5
		double[] eigen = new double[D];
		eigen[0] = 9;
		eigen[1] = 7;
		eigen[2] = 5;
		SplittableRandom random = new SplittableRandom(17);
		for (int i = K; i < D; i++) {
			eigen[i] = 0.2 + 0.8 * random.nextDouble();
		}
		assertThat(eigen[K - 1] / 1.0).isGreaterThanOrEqualTo(2);
		assertThat(eigen[K - 1] - 1.0).isGreaterThanOrEqualTo(2);
		SimpleMatrix q = randomOrthogonal(random);
		Path data = dir.resolve("gaussian");
		write(data, q, eigen, random);

		AutoencoderSpec spec = new AutoencoderSpec(List.of(K), AutoencoderSpec.Activation.LINEAR,
				AutoencoderSpec.Activation.LINEAR, AutoencoderSpec.Activation.LINEAR, AutoencoderSpec.Loss.MSE);
		ScheduleSpec cosine = new ScheduleSpec(ScheduleSpec.Type.COSINE, 0, null, null, 0.0);
		try (AutoencoderRuns run = AutoencoderRuns.start(data, spec, 1200, 256, 1e-2, 5, cosine,
				java.util.Optional.empty())) {
			run.run(1, 1200);
			Map<String, Double> metrics = run.evaluate();
			Examples train = run.session.data().train();
			Examples validation = run.session.data().validation();
			SimpleMatrix x = matrix(train);
			SimpleMatrix mean = columnMeans(x);
			SimpleMatrix centred = subtractRow(x, mean);
			SimpleMatrix covariance = centred.transpose().mult(centred).divide(x.getNumRows());
			SimpleMatrix pca = topEigenvectors(covariance, K); // [D, K]
			SimpleMatrix v = subtractRow(matrix(validation), mean);
			SimpleMatrix residual = v.minus(v.mult(pca).mult(pca.transpose()));
			double pcaError = residual.elementMult(residual).elementSum() / v.getNumRows();
			double aeError = metrics.get("val_sse_per_image");
			// the decoder's columns span the autoencoder's subspace
			float[] w = run.trainer.parameters().get("decoder.0.weight").toFloatArray(); // [D,
																							// K]
			SimpleMatrix decoder = new SimpleMatrix(D, K);
			for (int i = 0; i < D; i++) {
				for (int j = 0; j < K; j++) {
					decoder.set(i, j, w[i * K + j]);
				}
			}
			SimpleMatrix basis = orthonormalColumns(decoder);
			SimpleSVD<SimpleMatrix> svd = basis.transpose().mult(pca).svd();
			double smallestCosine = Double.MAX_VALUE;
			for (int i = 0; i < K; i++) {
				smallestCosine = Math.min(smallestCosine, svd.getSingleValue(i));
			}
			double largestAngle = Math.toDegrees(Math.acos(Math.min(1, smallestCosine)));
			System.out.printf("linear AE vs PCA (D=%d, k=%d): error %.6f vs %.6f (ratio %.4f), largest angle %.2f°%n",
					D, K, aeError, pcaError, aeError / pcaError, largestAngle);
			assertThat(aeError / pcaError).isBetween(0.95, 1.02);
			assertThat(largestAngle).isLessThan(5.0);
		}
	}

	/**
	 * Samples x = clip(0.5 + s·Q diag(√λ) z, 0, 1), z ~ N(0, I), stored as 16-bit 4×4
	 * images. PCA is fitted to these same (quantised, rarely clipped) values.
	 */
	private static void write(Path dir, SimpleMatrix q, double[] eigen, SplittableRandom random) throws Exception {
		Map<String, DatasetFiles.SplitData> splits = new LinkedHashMap<>();
		splits.put("train", split(q, eigen, random, 4000));
		splits.put("test", split(q, eigen, random, 1000));
		DatasetInfo info = new DatasetInfo("gaussian", "gaussian", DatasetInfo.DatasetKind.IMAGES, false, 1, 4, 4, 16,
				List.of(), List.of(), Map.of(), null, 1, 0, Instant.parse("2026-01-01T00:00:00Z"));
		DatasetFiles.write(dir, info, splits);
	}

	private static DatasetFiles.SplitData split(SimpleMatrix q, double[] eigen, SplittableRandom random, int n) {
		short[] values = new short[n * D];
		double scale = 0.08;
		for (int row = 0; row < n; row++) {
			double[] z = new double[D];
			for (int i = 0; i < D; i++) {
				z[i] = random.nextGaussian() * Math.sqrt(eigen[i]);
			}
			for (int i = 0; i < D; i++) {
				double x = 0.5;
				for (int j = 0; j < D; j++) {
					x += scale * q.get(i, j) * z[j];
				}
				values[row * D + i] = (short) Math.round(Math.max(0, Math.min(1, x)) * 65535);
			}
		}
		return new DatasetFiles.SplitData(Tensor.ofUint16(new int[] { n, 1, 4, 4 }, values), null, null);
	}

	private static SimpleMatrix randomOrthogonal(SplittableRandom random) {
		SimpleMatrix a = new SimpleMatrix(D, D);
		for (int i = 0; i < D; i++) {
			for (int j = 0; j < D; j++) {
				a.set(i, j, random.nextGaussian());
			}
		}
		return orthonormalColumns(a);
	}

	private static SimpleMatrix orthonormalColumns(SimpleMatrix a) {
		var qr = DecompositionFactory_DDRM.qr(a.getNumRows(), a.getNumCols());
		org.ejml.data.DMatrixRMaj copy = a.getDDRM().copy();
		qr.decompose(copy);
		return SimpleMatrix.wrap(qr.getQ(null, true));
	}

	private static SimpleMatrix topEigenvectors(SimpleMatrix symmetric, int k) {
		var svd = DecompositionFactory_DDRM.svd(symmetric.getNumRows(), symmetric.getNumCols(), true, true, false);
		org.ejml.data.DMatrixRMaj copy = symmetric.getDDRM().copy();
		svd.decompose(copy);
		org.ejml.data.DMatrixRMaj u = svd.getU(null, false);
		org.ejml.data.DMatrixRMaj w = svd.getW(null);
		SingularOps_DDRM.descendingOrder(u, false, w, null, false);
		org.ejml.data.DMatrixRMaj top = new org.ejml.data.DMatrixRMaj(symmetric.getNumRows(), k);
		CommonOps_DDRM.extract(u, 0, symmetric.getNumRows(), 0, k, top, 0, 0);
		return SimpleMatrix.wrap(top);
	}

	private static SimpleMatrix matrix(Examples examples) {
		float[] values = examples.values(AutoencoderTrainer.range(0, examples.count()));
		SimpleMatrix out = new SimpleMatrix(examples.count(), D);
		for (int i = 0; i < values.length; i++) {
			out.set(i / D, i % D, values[i]);
		}
		return out;
	}

	private static SimpleMatrix columnMeans(SimpleMatrix x) {
		SimpleMatrix mean = new SimpleMatrix(1, x.getNumCols());
		for (int j = 0; j < x.getNumCols(); j++) {
			double sum = 0;
			for (int i = 0; i < x.getNumRows(); i++) {
				sum += x.get(i, j);
			}
			mean.set(0, j, sum / x.getNumRows());
		}
		return mean;
	}

	private static SimpleMatrix subtractRow(SimpleMatrix x, SimpleMatrix row) {
		SimpleMatrix out = x.copy();
		for (int i = 0; i < x.getNumRows(); i++) {
			for (int j = 0; j < x.getNumCols(); j++) {
				out.set(i, j, x.get(i, j) - row.get(0, j));
			}
		}
		return out;
	}

}

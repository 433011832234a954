package dev.latentforge.engine;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Gives a block's parameters stable, PyTorch-style names ({@code encoder.0.weight}): a
 * child's position in its parent, counting every child (activations included, as
 * {@code nn.Sequential} numbers them), then the parameter's own name. DJL's own names
 * carry per-run ids and cannot key checkpoints or exports.
 */
public final class NamedParameters {

	private NamedParameters() {
	}

	public static Map<String, Parameter> of(String prefix, Block block) {
		Map<String, Parameter> out = new LinkedHashMap<>();
		collect(prefix, block, out);
		return out;
	}

	private static void collect(String prefix, Block block, Map<String, Parameter> out) {
		for (Pair<String, Parameter> own : block.getDirectParameters()) {
			out.put(prefix + "." + own.getValue().getName(), own.getValue());
		}
		int index = 0;
		for (Pair<String, Block> child : block.getChildren()) {
			collect(prefix + "." + index, child.getValue(), out);
			index++;
		}
	}

}

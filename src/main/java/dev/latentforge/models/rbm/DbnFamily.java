package dev.latentforge.models.rbm;

import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.models.ModelSpec;

import org.springframework.stereotype.Component;

/** The deep belief net family ({@code model.type = dbn}). */
@Component
public class DbnFamily extends StackFamily {

	@Override
	public String type() {
		return "dbn";
	}

	@Override
	public Class<? extends ModelSpec> specType() {
		return DbnSpec.class;
	}

	@Override
	public ModelSpec resolve(ModelSpec spec, DatasetInfo dataset) {
		return ((DbnSpec) spec).resolved(dataset.classes());
	}

}

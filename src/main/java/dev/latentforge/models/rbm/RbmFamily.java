package dev.latentforge.models.rbm;

import dev.latentforge.datasets.DatasetInfo;
import dev.latentforge.models.ModelSpec;

import org.springframework.stereotype.Component;

/** The restricted Boltzmann machine family ({@code model.type = rbm}). */
@Component
public class RbmFamily extends StackFamily {

	@Override
	public String type() {
		return "rbm";
	}

	@Override
	public Class<? extends ModelSpec> specType() {
		return RbmSpec.class;
	}

	@Override
	public ModelSpec resolve(ModelSpec spec, DatasetInfo dataset) {
		return ((RbmSpec) spec).resolved();
	}

}

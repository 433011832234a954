package dev.latentforge.engine;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Runs code with PyTorch's grad mode off on this thread, then restores the previous mode.
 * In-place changes of parameters (optimizer steps, loading, initialising) need it:
 * PyTorch refuses in-place updates of leaves that record gradients, and grad mode is on
 * by default in new threads.
 */
public final class GradMode {

	private GradMode() {
	}

	public static void off(Runnable action) {
		boolean previous = JniUtils.isGradMode();
		JniUtils.setGradMode(false);
		try {
			action.run();
		}
		finally {
			JniUtils.setGradMode(previous);
		}
	}

}

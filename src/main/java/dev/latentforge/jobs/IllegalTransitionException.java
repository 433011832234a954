package dev.latentforge.jobs;

import dev.latentforge.web.ApiException;
import dev.latentforge.web.ProblemType;

/** A job asked to make a transition its lifecycle does not allow (answered with 409). */
public class IllegalTransitionException extends ApiException {

	public IllegalTransitionException(String jobId, JobStatus from, JobStatus to, String action) {
		super(ProblemType.ILLEGAL_TRANSITION, "Job " + jobId + " is " + from + "; it cannot " + action
				+ " (allowed from " + from + ": " + JobStatus.allowedFrom(from) + ")");
		with("status", from.name());
		with("target", to.name());
	}

}

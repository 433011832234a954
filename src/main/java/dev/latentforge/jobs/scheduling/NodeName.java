package dev.latentforge.jobs.scheduling;

import java.net.InetAddress;
import java.net.UnknownHostException;

import dev.latentforge.jobs.JobsProperties;

import org.springframework.stereotype.Component;

/** This node's name: configured, or host name and process id. */
@Component
public class NodeName {

	private final String value;

	public NodeName(JobsProperties properties) {
		if (properties.nodeName() != null && !properties.nodeName().isBlank()) {
			this.value = properties.nodeName();
		}
		else {
			String host;
			try {
				host = InetAddress.getLocalHost().getHostName();
			}
			catch (UnknownHostException ex) {
				host = "localhost";
			}
			this.value = host + "-" + ProcessHandle.current().pid();
		}
	}

	public String value() {
		return this.value;
	}

}

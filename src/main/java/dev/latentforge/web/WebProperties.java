package dev.latentforge.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * HTTP settings of the API.
 *
 * @param maxBodySize the largest non-multipart request body (JSON with base64 images);
 * larger bodies get 413
 * @param sseHeartbeat how long an event stream may stay silent before a heartbeat comment
 * is sent
 */
@ConfigurationProperties("latentforge.web")
public record WebProperties(@DefaultValue("64MB") DataSize maxBodySize, @DefaultValue("15s") Duration sseHeartbeat) {
}
